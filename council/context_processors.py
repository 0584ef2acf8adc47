"""Template context every page needs: the signed-in user's council."""


def council(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"council": None}
    return {"council": user.council}
