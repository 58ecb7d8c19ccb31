"""Personal data: find personnummer, names, addresses, phone numbers and e-mail addresses in a
text, and mask them before anyone outside the social services sees the text."""

from klarsprak.privacy.detect import PersonalDatum, detect
from klarsprak.privacy.masking import mask

__all__ = ["PersonalDatum", "detect", "mask"]
