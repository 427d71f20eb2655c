"""Single-source risk: the county's firms whose loss hits the most chains with
no alternative in the county, and each lead firm's inputs by industry
(docs/engine.md §8.1). Computed on request from the cached state: no run to wait for."""
from django.contrib.auth.decorators import login_required, permission_required
from django.shortcuts import render

from lianfu.analysis.single_source import firms_sheet, inputs_sheet, single_source_report
from lianfu.common.exports import xlsx_response


@login_required
@permission_required("chains.run_engine", raise_exception=True)
def single_source(request):
    report = single_source_report(request.user)
    if request.GET.get("export") == "xlsx":
        if request.GET.get("section") == "inputs":
            return xlsx_response("single-source-inputs.xlsx", *inputs_sheet(report.inputs), sheet_name="inputs")
        return xlsx_response("single-source-firms.xlsx", *firms_sheet(report.firms), sheet_name="firms")
    return render(request, "analysis/single_source.html", {"report": report})
