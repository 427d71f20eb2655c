"""``__under``: a division code lies under a jurisdiction prefix, or under any
of several (a liaison officer reads their service team's towns).

Every scoped manager filters its ``division`` dimension with it. django-scopes
turns a list or tuple value into ``__in``, which cannot say "starts with any
of"; a ``Prefixes`` value (a frozenset) passes through to this lookup whole."""
from django.db.models import CharField, Lookup

from lianfu.common.scoping import Prefixes


@CharField.register_lookup
class Under(Lookup):
    lookup_name = "under"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs_sql, lhs_params = self.process_lhs(compiler, connection)
        lhs_sql = connection.ops.lookup_cast("startswith", self.lhs.output_field.get_internal_type()) % lhs_sql
        prefixes = sorted(self.rhs) if isinstance(self.rhs, Prefixes) else [self.rhs]
        if not prefixes:
            return "1 = 0", []
        # The backend's own "starts with" (LIKE with its escape clause), once per prefix.
        clause = f"{lhs_sql} {connection.operators['startswith']}"
        sql = " OR ".join([clause] * len(prefixes))
        params = []
        for prefix in prefixes:
            params += [*lhs_params, connection.ops.prep_for_like_query(str(prefix)) + "%"]
        return (f"({sql})" if len(prefixes) > 1 else sql), params
