from django import template
from django.template.defaultfilters import stringfilter

register = template.Library()


@register.filter
@stringfilter
def lowerfirst(value: str) -> str:
    """Lower-case only the first letter, so labels keep their acronyms and names mid-sentence
    ("A referral to MAST" -> "a referral to MAST", not "a referral to mast")."""
    return value[:1].lower() + value[1:]
