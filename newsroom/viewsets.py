"""The viewset every API resource but articles is built on: list, read, create and change, each
write a revision with its author (the articles' own, with the workflow, is `articles/api/`).

Kept apart from `newsroom/rest.py`, which DRF imports while it defines its own views: this
module needs those views.
"""

import reversion
from rest_framework import mixins, viewsets

from newsroom.rest import PrivateToCallers, duplicates_refused


class ReadCreateUpdateViewSet(
    PrivateToCallers,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    """List, read, create and change; deleting is the desk's job (it needs merge tools).

    Each create or change is a revision with its author, like an admin save.
    """

    lookup_field = "slug"

    def _save_as_revision(self, serializer, comment: str, **made) -> None:
        # Another request may take the slug between validation and the write: a 400, not a 500.
        refused = duplicates_refused(
            serializer.Meta.model,
            {**serializer.validated_data, **made},
            pk=getattr(serializer.instance, "pk", None),
        )
        with refused, reversion.create_revision():
            serializer.save(**made)
            reversion.set_user(self.request.user)
            # Keep what the save itself recorded (e.g. the stories a renamed source touched).
            reversion.set_comment("; ".join(filter(None, [comment, reversion.get_comment()])))

    def made_on_create(self, serializer) -> dict:
        """Fields a create fills in beyond what the client sent, known before the write."""
        return {}

    def perform_create(self, serializer):
        self._save_as_revision(
            serializer, "Created through the API", **self.made_on_create(serializer)
        )

    def perform_update(self, serializer):
        self._save_as_revision(serializer, "Edited through the API")
