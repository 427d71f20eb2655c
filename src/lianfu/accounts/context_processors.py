from lianfu.common.roles import Role


def persona(request):
    user = getattr(request, "user", None)
    role = getattr(user, "role", "") if user is not None and user.is_authenticated else ""
    return {"Role": Role, "user_role": role}
