"""Sign-off blocks: the signatures each template's plans need, in order, and who may give each.

A plan copies its template's blocks (with who may sign them) when it is made, so a change
here is for new plans only; plans already made keep their blocks and signatures."""

from django.contrib import messages
from django.db.models import Prefetch
from django.http import HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe
from django.views.generic import CreateView, UpdateView

from council.access import lead_council
from plans.models import Template, TemplateSignOff
from setup.forms.signoffs import SignOffBlockForm
from setup.positions import position_move
from setup.views.pages import LeadFormPage, setup_crumbs
from setup.views.templates import STEPS, lead_template


def blocks_crumbs(last: str) -> list:
    return setup_crumbs(("Sign-off blocks", reverse("setup:signoff_list")), (last, ""))


def lead_block(request, pk) -> TemplateSignOff:
    council = lead_council(request.user)
    blocks = TemplateSignOff.objects.select_related("template", "signer")
    return get_object_or_404(blocks, template__council=council, pk=pk)


@require_safe
def signoff_list(request):
    """Every template's sign-off blocks in the order they are signed."""
    council = lead_council(request.user)
    blocks = TemplateSignOff.objects.select_related("signer")
    templates = Template.objects.filter(council=council).prefetch_related(
        Prefetch("sign_offs", queryset=blocks)
    )
    return render(
        request,
        "setup/signoff_list.html",
        {"templates": templates, "breadcrumbs": setup_crumbs(("Sign-off blocks", ""))},
    )


class BlockPage(LeadFormPage):
    """A block's add or change page: its form is given the block's template."""

    form_class = SignOffBlockForm
    success_message = "The sign-off block {} has been saved."

    def get_form_kwargs(self):
        kwargs = super().get_form_kwargs()
        del kwargs["council"]
        return {**kwargs, "template": self.template}

    def get_success_url(self):
        return f"{reverse('setup:signoff_list')}#t{self.template.pk}"


class SignOffCreateView(BlockPage, CreateView):
    def dispatch(self, request, *args, **kwargs):
        self.template = lead_template(request, kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading="Add a sign-off block",
            caption=self.template.name,
            intro="New plans made from this template need this signature last; move it up "
            "the list once it is saved. Plans already made keep their blocks.",
            breadcrumbs=blocks_crumbs("Add a sign-off block"),
            **kwargs,
        )


class SignOffUpdateView(BlockPage, UpdateView):
    def dispatch(self, request, *args, **kwargs):
        self.block = lead_block(request, kwargs["pk"])
        self.template = self.block.template
        return super().dispatch(request, *args, **kwargs)

    def get_object(self, queryset=None):
        return self.block

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            heading=f"Change {self.block.title}",
            caption=self.template.name,
            intro="The change is for new plans made from this template; plans already made "
            "keep their blocks and who may sign them.",
            breadcrumbs=blocks_crumbs(f"Change {self.block.title}"),
            **kwargs,
        )


@require_POST
def signoff_move(request, pk):
    """Move a block up or down: blocks are signed in this order."""
    block = lead_block(request, pk)
    direction = request.POST.get("direction")
    if direction not in STEPS:
        return HttpResponseBadRequest("Move a block up or down.")
    step = STEPS[direction]
    position_move(items=block.template.sign_offs.all(), pk=block.pk, step=step)
    messages.success(request, f"{block.title} has been moved {direction}.")
    return redirect(f"{reverse('setup:signoff_list')}#b{pk}")


@require_http_methods(["GET", "POST"])
def signoff_remove(request, pk):
    """Remove a block from the template, after saying what it changes: new plans will not
    need it; plans already made keep theirs, signed or not."""
    block = lead_block(request, pk)
    template = block.template
    if request.method == "POST":
        block.delete()
        messages.success(request, f"{block.title} has been removed from {template.name}.")
        return redirect(f"{reverse('setup:signoff_list')}#t{template.pk}")
    plans = template.plans.filter(sign_offs__title=block.title).distinct().count()
    return render(
        request,
        "setup/remove_confirm.html",
        {
            "heading": f"Remove {block.title} from {template.name}?",
            "item": block.title,
            "plans": plans,
            "what": "sign-off block",
            "back": reverse("setup:signoff_list"),
            "breadcrumbs": blocks_crumbs(f"Remove {block.title}"),
        },
    )
