"""The rules of what an intelligence item may say about where: pure functions, no database.

A place is a description and a postcode district (the outward code, "LS11"), never a precise
address: not a full postcode, not a house number and street. Places and vehicles are normalised so
the same one typed two ways is counted as one.
"""

import re

# The outward code of a UK postcode: A9, A99, AA9, AA99, A9A, AA9A.
_DISTRICT = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]?")
# A full postcode anywhere in a text (outward code, optional space, inward code 9AA).
_FULL_POSTCODE = re.compile(r"\b[A-Z]{1,2}[0-9][A-Z0-9]?\s*[0-9][A-Z]{2}\b", re.IGNORECASE)
_STREET_WORDS = (
    "road|rd|street|st|avenue|ave|lane|ln|close|drive|dr|way|crescent|court|ct|gardens|place|terrace|grove|walk|"
    "row|mews|square|hill|view|rise|fold|green|park"
)
# A house number (or flat number) followed by a street: "12 Acacia Avenue", "Flat 3, 4a Mill Lane".
_HOUSE_ADDRESS = re.compile(rf"\b\d+[a-z]?,?\s+(?:[a-z'-]+\s+){{0,3}}(?:{_STREET_WORDS})\b", re.IGNORECASE)
_REGISTRATION = re.compile(r"[A-Z0-9]{2,8}")


def postcode_district_normalise(value: str) -> str:
    """ "ls11 " → "LS11". Raises ValueError for anything that is not a postcode district (a full
    postcode included: only the district is kept)."""
    text = re.sub(r"\s+", "", value or "").upper()
    if _DISTRICT.fullmatch(text):
        return text
    raise ValueError("Enter the postcode district only, like LS11 (not a full postcode)")


def precise_address_in(text: str) -> str:
    """What in a place description makes it a precise address ("a full postcode", "a house number
    and street"), or "" when it has none."""
    if _FULL_POSTCODE.search(text or ""):
        return "a full postcode"
    if _HOUSE_ADDRESS.search(text or ""):
        return "a house number and street"
    return ""


def place_key(description: str) -> str:
    """The normalised form two descriptions of the same place share: lower case, punctuation gone,
    spaces collapsed, a leading "the" dropped."""
    words = re.sub(r"[^a-z0-9]+", " ", (description or "").lower()).split()
    if words and words[0] == "the":
        words = words[1:]
    return " ".join(words)


def registration_normalise(value: str) -> str:
    """ "ab12 cde" → "AB12CDE". Raises ValueError for anything that cannot be a registration mark."""
    text = re.sub(r"[\s-]+", "", value or "").upper()
    if _REGISTRATION.fullmatch(text):
        return text
    raise ValueError("Enter the registration, like AB12 CDE: letters and numbers only")


_TITLES = {"mr", "mrs", "ms", "miss", "mx", "dr"}


def person_key(kind: str, name: str) -> str:
    """The normalised form two ways of typing the same person share. An online account: lower case,
    without a leading "@" or spaces ("@Tiny_M " → "tiny_m"). A name: lower case, punctuation and
    titles gone, the words in order ("Marston, Tiny" and "tiny  MARSTON" → "marston tiny"), so a
    surname typed first is the same person."""
    text = (name or "").strip().lower()
    if kind == "online_account":
        return re.sub(r"\s+", "", text).lstrip("@")
    words = [word for word in re.sub(r"[^a-z0-9]+", " ", text).split() if word not in _TITLES]
    return " ".join(sorted(words))
