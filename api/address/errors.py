"""The address service's errors (subclasses of the kit's tree).

NotFound   AddressNotFound
Conflict   LastAddress, TooManyAddresses
"""

from __future__ import annotations

from api.kit.errors import Conflict, NotFound


class AddressNotFound(NotFound):
    """No address with that id."""


class LastAddress(Conflict):
    """A user's only address cannot be deleted (checkout needs somewhere to ship)."""


class TooManyAddresses(Conflict):
    """A user has as many addresses as allowed."""
