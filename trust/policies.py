"""The newsroom's published policies (the Trust Project's indicators): each one's field on the
Policies record, its page's slug and title, and the schema.org property of a
NewsMediaOrganization that names its page. The one list the model, the pages, the footer's
index, the JSON-LD publisher and the ninjs trust indicators are made from."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Policy:
    field: str  # on trust.models.Policies
    slug: str  # /about/<slug>/
    title: str
    schema_property: str  # of schema.org's NewsMediaOrganization
    help_text: str

    @property
    def schema_uri(self) -> str:
        """The property as a complete URI: a ninjs trust indicator's role."""
        return f"https://schema.org/{self.schema_property}"


POLICIES: tuple[Policy, ...] = (
    Policy(
        "publishing_principles",
        "publishing-principles",
        "Publishing principles",
        "publishingPrinciples",
        "What the newsroom publishes and the standards its journalism keeps.",
    ),
    Policy(
        "corrections_policy",
        "corrections-policy",
        "Corrections policy",
        "correctionsPolicy",
        "How mistakes are corrected and how readers learn of it.",
    ),
    Policy(
        "ethics_policy",
        "ethics",
        "Ethics policy",
        "ethicsPolicy",
        "Conflicts of interest, gifts, independence.",
    ),
    Policy(
        "diversity_policy",
        "diversity",
        "Diversity policy",
        "diversityPolicy",
        "How the newsroom seeks diverse voices, on staff and in its coverage.",
    ),
    Policy(
        "masthead",
        "masthead",
        "Masthead",
        "masthead",
        "Who leads the newsroom and how to reach them.",
    ),
    Policy(
        "unnamed_sources_policy",
        "unnamed-sources",
        "Unnamed sources",
        "unnamedSourcesPolicy",
        "When a source may go unnamed, and what readers are told about them.",
    ),
    Policy(
        "verification_policy",
        "verification",
        "Verification and fact-checking",
        "verificationFactCheckingPolicy",
        "How facts, quotes, photos and documents are checked before publication.",
    ),
    Policy(
        "feedback_policy",
        "feedback",
        "Reader feedback",
        "actionableFeedbackPolicy",
        "How readers reach the newsroom, and what happens to what they send.",
    ),
    Policy(
        "ownership_funding",
        "ownership-and-funding",
        "Ownership and funding",
        "ownershipFundingInfo",
        "Who owns the newsroom and where its money comes from.",
    ),
)

BY_SLUG = {policy.slug: policy for policy in POLICIES}
