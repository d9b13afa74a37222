"""Suite-wide settings."""

from hypothesis import settings

# Property tests check invariants, not speed: a per-example deadline only flakes on a shared
# machine (speed is measured in bench/, never in tests).
settings.register_profile("suite", deadline=None)
settings.load_profile("suite")
