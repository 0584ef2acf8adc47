"""allauth's own tables stay out of the admin: a council's sign-in is made from signin's
SingleSignOn (set up at /setup/sign-in/), never from allauth's SocialApp rows, and e-mail
addresses and linked accounts are not the operator's to edit by hand. (This module is
imported after allauth's, as signin comes after it in INSTALLED_APPS.)"""

from allauth.account.models import EmailAddress
from allauth.socialaccount.models import SocialAccount, SocialApp, SocialToken
from django.contrib import admin

for model in (EmailAddress, SocialAccount, SocialApp, SocialToken):
    if admin.site.is_registered(model):
        admin.site.unregister(model)
