"""Project-wide middleware."""

from django.utils.cache import patch_cache_control


class PrivatePagesMiddleware:
    """Nothing shown to a signed-in person is kept by a browser's or a proxy's cache.

    Plans, results and risks are the council's; on a shared computer the back button or a
    proxy must not show them to the next person. A response that says how it may be kept
    (an organisation chart image, kept privately for a few minutes) keeps its own header.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response
