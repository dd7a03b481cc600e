"""The review service's exceptions, subclasses of the kit's tree (mapped to problem+json once).

NotFound
 └── ReviewNotFound              no such review, or not visible to the caller
Forbidden
 ├── NotAVerifiedPurchase        no delivered purchase of this item by the caller (or too late)
 └── OwnReview                   voting on or reporting one's own review
Conflict
 ├── AlreadyReviewed             one review per order item
 ├── AlreadyReported / AlreadyReplied
 └── ModerationConflict          the decision does not fit the review's status
Unprocessable                    422 naming the field (kit)
"""

from __future__ import annotations

from uuid import UUID

from api.kit.errors import Conflict, Forbidden, NotFound


class ReviewNotFound(NotFound):
    def __init__(self, review_id: UUID) -> None:
        super().__init__(f"Review {review_id} does not exist")


class NotAVerifiedPurchase(Forbidden):
    slug, title = "not-a-verified-purchase", "Not a verified purchase"

    def __init__(self, detail: str) -> None:
        super().__init__(detail, errors=[{"field": "order_item_id", "message": detail}])


class OwnReview(Forbidden):
    slug, title = "own-review", "Your own review"

    def __init__(self, action: str) -> None:
        super().__init__(f"You cannot {action} your own review")


class AlreadyReviewed(Conflict):
    slug, title = "already-reviewed", "Already reviewed"

    def __init__(self, review_id: UUID) -> None:
        super().__init__(
            "This order item has already been reviewed; edit that review's text instead",
            review_id=str(review_id),
        )


class AlreadyReported(Conflict):
    slug, title = "already-reported", "Already reported"

    def __init__(self) -> None:
        super().__init__("You have already reported this review")


class AlreadyReplied(Conflict):
    slug, title = "already-replied", "Already replied"

    def __init__(self) -> None:
        super().__init__("This review already has its public reply")


class ModerationConflict(Conflict):
    slug, title = "moderation-conflict", "Moderation conflict"

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
