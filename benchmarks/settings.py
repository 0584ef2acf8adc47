"""Production settings for the local load run, with one difference: static files without a
manifest. `collectstatic` with the manifest storage currently fails on a source map that the
TinyMCE skin refers to but npm does not ship (build/tinymce/skins/ui/oxide/skin.js.map);
until setup.sh or the storage handles that, the benchmark serves static files unhashed."""

from serviceplans.settings import *  # noqa: F403
from serviceplans.settings import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
