"""A spreadsheet printed to PDF by LibreOffice (`soffice --headless
--convert-to pdf`), which honours the sheets' print settings (A4 landscape,
one page wide, repeated headers). LibreOffice is optional: pdf_available()
tells the pages whether to offer a PDF, and to_pdf() says what to install.

Each run gets its own temporary profile (-env:UserInstallation) and HOME: two
conversions sharing one profile would wait on its lock or quietly do nothing.
soffice starts a child process, so a run that times out has its whole process
group killed rather than leaving a headless LibreOffice behind."""
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

TIMEOUT_SECONDS = 120


class PdfError(RuntimeError):
    """LibreOffice is missing, or it failed or timed out: the message says which."""


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def pdf_available() -> bool:
    return soffice() is not None


def to_pdf(source: Path, outdir: Path, timeout: float = TIMEOUT_SECONDS) -> Path:
    """Convert ``source`` (an .xlsx) into ``outdir``/<its stem>.pdf and return that path."""
    program = soffice()
    if program is None:
        raise PdfError("LibreOffice is not installed (no soffice or libreoffice on PATH): install it, e.g. "
                       "`apt-get install libreoffice-calc-nogui`, or send the .xlsx")
    source, outdir = Path(source).resolve(), Path(outdir).resolve()
    target = outdir / f"{source.stem}.pdf"
    with tempfile.TemporaryDirectory(prefix="lianfu-soffice-") as home:
        command = [program, f"-env:UserInstallation={Path(home).as_uri()}", "--headless", "--norestore",
                   "--convert-to", "pdf", "--outdir", str(outdir), str(source)]
        env = {**os.environ, "HOME": home}
        process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   start_new_session=True)
        try:
            _out, err = process.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise PdfError(f"LibreOffice did not finish converting {source.name} within {timeout:g} s") from None
    if process.returncode != 0 or not target.exists():
        detail = err.decode(errors="replace").strip() or f"exit status {process.returncode}"
        raise PdfError(f"LibreOffice could not convert {source.name}: {detail}")
    return target
