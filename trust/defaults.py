"""The policies a fresh install starts with (written by trust's data migration, and by
`install()` for a database flushed since): plain, sensible text for the newsroom to rewrite in
the desk. Markdown, as the desk edits it."""

DEFAULT_TEXT = {
    "publishing_principles": (
        "We publish what we have verified and believe to be true, in the public interest. "
        "Our journalism is independent of advertisers, owners and the people we cover.\n\n"
        "Every story says what kind of work it is (news, analysis, opinion, review, explainer "
        "or sponsored), who wrote it and where the reporting was done."
    ),
    "corrections_policy": (
        "When we get something wrong we say so, promptly and plainly. A correction is added "
        "to the story, with the date it was made, and listed in our "
        "[corrections archive](/corrections/).\n\n"
        "A clarification adds context a story lacked; an update adds news that came later. "
        "We do not silently change the facts of a published story."
    ),
    "ethics_policy": (
        "Our journalists accept no gifts, payment or travel from the people and organisations "
        "they cover. Anyone with a personal or financial interest in a story does not work "
        "on it. Sponsored content is labelled as such and is never written by the newsroom."
    ),
    "diversity_policy": (
        "We aim for a newsroom and a list of sources that reflect the communities we serve, "
        "and we review each year who we quote and who we hire."
    ),
    "masthead": (
        "The newsroom is led by its editor-in-chief, who answers for everything we publish. "
        "Reach the desk through the feedback link at the end of every story."
    ),
    "unnamed_sources_policy": (
        "We name our sources. We grant anonymity only when the information is important, "
        "cannot be had on the record, and naming the source would put them at risk. At "
        "least one editor knows the source's identity, and the story says why they were not "
        "named and who they speak for."
    ),
    "verification_policy": (
        "Facts are checked against documents or more than one independent source before we "
        "publish. Quotes are attributed to the person who said them, and photos carry their "
        "credit and say whether they were generated or altered."
    ),
    "feedback_policy": (
        "Every story has a link to send us feedback or ask for a correction. Each message is "
        "read by an editor; corrections we make are published on the story and in the "
        "corrections archive."
    ),
    "ownership_funding": (
        "The newsroom is independently owned. It is funded by its readers and by advertising "
        "that is kept apart from its journalism."
    ),
}


def install(policies_model) -> None:
    """Write the default text into the record, making it if need be; text already written in
    the desk is kept."""
    policies, _ = policies_model.objects.get_or_create(pk=1)
    for field, text in DEFAULT_TEXT.items():
        if not getattr(policies, field).strip():
            setattr(policies, field, text)
    policies.save()
