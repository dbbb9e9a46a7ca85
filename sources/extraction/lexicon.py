"""
The word lists the extraction rules read: titles, the words that make a run of capitals an
organisation, the nouns that head descriptions of organisations, people, documents and groups,
pronouns and quantifiers, and the small words that start, end or interrupt a name or a clause.
"""

# Capitalised words that come before a name and are not part of it.
TITLES = {
    "president", "vice", "prime", "minister", "secretary", "sheriff", "attorney", "general",
    "governor", "gov.", "lt.", "lieutenant", "mayor", "senator", "sen.", "rep.",
    "representative", "congressman", "congresswoman", "councilor", "councillor", "councilman",
    "councilwoman", "commissioner", "judge", "justice", "chief", "executive", "officer",
    "director", "chairman", "chairwoman", "chair", "spokesman", "spokeswoman", "commander",
    "captain", "capt.", "sgt.", "sergeant", "detective", "det.", "inspector", "superintendent",
    "supt.", "dr.", "dr", "prof.", "professor", "mr.", "mrs.", "ms.", "rev.", "bishop", "pope",
    "king", "queen", "prince", "princess", "ambassador", "envoy", "assistant", "deputy",
    "acting", "recorder", "clerk", "treasurer", "auditor", "comptroller", "controller",
    "administrator", "chancellor", "speaker", "leader", "coach", "manager", "head", "founder",
    "ceo", "cfo", "coo", "gen.", "col.", "adm.", "maj.", "sir", "dame", "premier", "rabbi",
    "imam", "father", "sister", "emir", "sheikh", "pastor", "marshal", "warden", "dean",
    # British style writes honorifics without a full stop.
    "mr", "mrs", "ms", "mx", "miss", "cllr", "cllr.", "sen", "gov", "rep", "lord", "lady",
    "baroness", "baron",
    # Roles a sentence may open with before a full name ("Goalkeeper Ana Lisboa-Prado said");
    # none of them a common surname.
    "goalkeeper", "goaltender", "defender", "defenseman", "striker", "midfielder", "forward",
    "winger", "quarterback", "pitcher", "linebacker", "fullback", "flanker", "scrum-half",
    "fly-half", "teammate", "referee", "umpire", "analyst", "economist", "lawyer", "engineer",
    "resident", "trainer", "coroner", "magistrate",
    # The letters of an elected office, before a name as well as after ("Labour MP Jane Hale").
    "mp", "msp", "mep", "td",
}  # fmt: skip
# Letters after a person's name that are no part of it ("Ciarán Ó Dálaigh KC", "Jane Hale MP").
POST_NOMINALS = {"KC", "QC", "SC", "MP", "MSP", "MEP", "MS", "TD", "OBE", "MBE", "CBE", "PhD"}
# Lower-case particles inside a name: "Pieter van der Berg", "Joost 't Hooft", "Omar bin Said".
NAME_PARTICLES = {
    "van", "von", "der", "den", "ter", "ten", "de", "da", "das", "do", "dos", "del", "della",
    "di", "du", "la", "le", "los", "las", "'t", "’t", "bin", "bint", "ibn", "ap", "zu", "y",
}  # fmt: skip
# Honorifics: a person known only as "Ms MacLeod" keeps hers as part of the name.
HONORIFICS = {"mr", "mr.", "mrs", "mrs.", "ms", "ms.", "mx", "miss", "dr", "dr."}
# What the text may call a person whose title is abbreviated ("Rep. X" is "the congresswoman").
TITLE_ROLES = {
    "rep.": {"congressman", "congresswoman", "lawmaker", "representative"},
    "sen.": {"senator", "lawmaker"},
    "gov.": {"governor"},
    "cllr": {"councillor"},
    "dr.": {"doctor"},
    "dr": {"doctor"},
    "lt.": {"lieutenant"},
}
# Title words that say whether a person is a man or a woman, for he and she to agree with.
MALE_TITLES = {
    "mr", "mr.", "sir", "lord", "congressman", "councilman", "chairman", "spokesman",
    "sheikh", "father", "king", "prince", "brother",
}  # fmt: skip
FEMALE_TITLES = {
    "mrs", "mrs.", "ms", "ms.", "miss", "dame", "lady", "congresswoman", "councilwoman",
    "chairwoman", "spokeswoman", "sister", "queen", "princess",
}  # fmt: skip
# Titles that are also given names: a title only before a full name ("Dean Maria Lopez"), the
# given name in "Dean Oduya".
GIVEN_NAME_TITLES = {"dean", "king", "prince", "sister", "father"}
# Words that make a capitalised run an organisation.
ORG_WORDS = {
    "department", "ministry", "commission", "service", "agency", "office", "council", "court",
    "university", "institute", "inc", "inc.", "corp", "corp.", "co.", "ltd", "ltd.", "llc",
    "plc", "group", "bank", "association", "union", "party", "nation", "organization",
    "organisation", "administration", "committee", "federation", "league", "authority",
    "board", "bureau", "district", "police", "fund", "alliance", "foundation", "society",
    "center", "centre", "network", "company", "corporation", "holdings", "airlines", "airways",
    "power", "energy", "brands", "securities", "legislature", "senate", "congress",
    "parliament", "government", "navy", "army", "force", "guard", "club", "church", "school",
    "college", "hospital", "clinic", "museum", "times", "post", "press", "news", "reuters",
    "workplace", "county", "city", "state", "republic", "kingdom", "coalition", "cabinet",
    "tribunal", "prosecutor's", "prosecutors", "watchdog", "regulator", "exchange", "capital",
    "partners", "labs", "systems", "technologies", "motors", "pharmaceuticals", "media",
}  # fmt: skip
# Nouns heading a description of an organisation ("the agency", "the health ministry").
ORG_NOUNS = {
    "agency", "company", "ministry", "department", "office", "tribe", "utility", "bank",
    "union", "government", "council", "commission", "firm", "group", "board", "court",
    "administration", "authority", "party", "campaign", "service",
    "regulator", "watchdog", "bureau", "committee", "organization", "organisation",
    "association", "carmaker", "automaker", "retailer", "airline", "insurer", "lender",
    "manufacturer", "maker", "operator", "district", "city", "county", "state", "school",
    "university", "hospital", "military", "army", "police", "embassy", "consulate",
    "legislature", "parliament", "senate", "club", "team", "league", "network", "newspaper",
    "broadcaster", "presidency", "cabinet", "prosecutor", "prosecutors", "nation", "charity",
}  # fmt: skip
# Nouns heading a description printed before an organisation's name ("Norwegian fertiliser
# maker Fjordgaard ASA", "British retail group Hallows Brothers"); no places or ranks.
DESCRIBED_ORG_HEADS = {
    "company", "firm", "group", "maker", "carmaker", "automaker", "retailer", "airline",
    "insurer", "lender", "manufacturer", "operator", "bank", "utility", "broadcaster",
    "newspaper", "union", "association", "regulator", "watchdog", "producer", "supplier",
    "developer", "chain", "charity", "giant", "conglomerate", "miner", "brewer", "exporter",
}  # fmt: skip
# And those that describe one only when set off after its name ("X, the German bicycle industry
# association, said").
APPOSITIVE_HEADS = {
    "federation", "body", "lobby", "organisation", "organization", "agency", "authority",
    "institute", "council", "commission",
}  # fmt: skip
# Nouns heading a description of people ("a spokeswoman", "officials", "health workers").
ROLE_NOUNS = {
    "official", "officials", "officer", "officers", "spokesman", "spokeswoman", "spokesperson",
    "spokespeople", "spokespersons", "source", "sources", "diplomat", "diplomats", "analyst",
    "analysts", "economist", "economists", "expert", "experts", "lawyer", "lawyers",
    "attorney", "attorneys", "worker", "workers", "resident", "residents", "engineer",
    "engineers", "scientist", "scientists", "researcher", "researchers", "aide", "aides",
    "adviser", "advisers", "advisor", "advisors", "executive", "executives", "investor",
    "investors", "trader", "traders", "witness", "witnesses", "member", "members", "leader",
    "leaders", "authorities", "person", "people", "critic", "critics", "advocate", "advocates",
    "activist", "activists", "doctor", "doctors", "nurse", "nurses", "teacher", "teachers",
    "student", "students", "farmer", "farmers", "observer", "observers", "insider",
    "insiders", "negotiator", "negotiators", "staff", "employee", "employees", "director",
    "manager", "managers", "judge", "prosecutor", "prosecutors", "driver", "drivers",
    "representative", "representatives", "lawmaker", "lawmakers", "legislator",
    "legislators", "minister", "ministers", "counselor", "consultant", "consultants",
    "survivor", "survivors", "victim", "victims", "parent", "parents", "voter", "voters",
    "organizer", "organizers", "organiser", "organisers", "owner", "owners", "physician",
    "physicians", "commander", "commanders", "soldier", "soldiers", "delegate", "delegates",
    "supporter", "supporters", "opponent", "opponents", "figure", "figures", "colleague",
    "colleagues", "friend", "friends", "neighbor", "neighbors", "neighbour", "neighbours",
    "police", "strategist", "strategists", "banker", "bankers", "dealer",
    "dealers", "broker", "brokers", "pilot", "pilots", "firefighter", "firefighters",
}  # fmt: skip
# Nouns heading a document ("according to court records", "a notice posted by ...").
DOCUMENT_NOUNS = {
    "report", "reports", "notice", "filing", "filings", "document", "documents", "memo",
    "memos", "memorandum", "minutes", "records", "record", "data", "figures", "statement",
    "letter", "letters", "ruling", "survey", "study", "estimate", "estimates", "analysis",
    "schedule", "forecast", "poll", "complaint", "indictment", "transcript", "transcripts",
    "audit", "budget", "papers", "emails", "e-mails", "census", "statistics", "affidavit",
    "lawsuit", "contract", "draft", "plan", "proposal", "policy", "guidance", "order",
    "review", "assessment", "testimony", "paper", "release", "announcement",
    "database", "tally", "count", "map", "website", "cable", "cables", "inspection",
    # Rules as sources: "according to the competition's disciplinary code".
    "code", "rules", "regulations", "guidelines", "rulebook",
}  # fmt: skip
# Plural organisations, spoken of together ("small island states", "several countries").
COLLECTIVE_NOUNS = {
    "states", "countries", "nations", "governments", "companies", "firms", "groups",
    "unions", "agencies", "banks", "airlines", "automakers", "retailers", "lenders",
    "insurers", "donors", "campaigners", "members", "allies", "partners", "neighbours",
    "neighbors", "cities", "counties", "provinces", "regions", "municipalities",
}  # fmt: skip
PRONOUNS = {"he", "she", "they", "it"}
# Words that start a plural unnamed description ("two diplomats", "some officials").
QUANTIFIERS = {
    "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "several", "some",
    "many", "most", "other", "few", "dozens", "hundreds", "multiple", "various", "both",
    "all", "numerous", "current", "former", "latest", "previous", "senior", "top", "local",
}  # fmt: skip
INDEFINITE = {"a", "an", "one", "another"}
# Capitalised words at the start of a run that are not part of a name.
NOT_NAME_START = {
    "the", "a", "an", "but", "and", "in", "on", "at", "after", "according", "since", "given",
    "when", "while", "if", "as", "for", "from", "by", "with", "to", "it", "he", "she", "they",
    "we", "i", "his", "her", "its", "their", "this", "that", "these", "those", "one", "two",
    "some", "all", "shares", "however", "meanwhile", "earlier", "later", "also", "still",
    "last", "next", "every", "each", "such", "other", "many", "most", "both", "so", "yet",
    "then", "there", "here", "now", "more", "our", "your", "my",
}  # fmt: skip
# Last words of capitalised runs that are streets and squares, not people ("Front Street").
PLACE_ENDINGS = {
    "street", "st.", "road", "avenue", "ave.", "lane", "square", "boulevard", "blvd.",
    "drive", "terrace", "crescent", "highway",
}  # fmt: skip
# First words of capitalised pairs that are places or things rather than people.
NOT_FIRST_NAME = {
    "new", "united", "north", "south", "east", "west", "san", "los", "las", "st.", "saint",
    "fort", "port", "u.s.", "u.n.", "u.k.", "e.u.", "european", "american", "national",
    "federal", "central", "january", "february", "march", "april", "may", "june", "july",
    "august", "september", "october", "november", "december", "monday", "tuesday",
    "wednesday", "thursday", "friday", "saturday", "sunday", "lake", "mount", "cape",
    "supreme", "white", "great", "first", "second", "third", "republican", "democratic",
    "democrat", "world", "global", "international", "royal", "western", "eastern",
    "northern", "southern", "middle", "hong", "el",
}  # fmt: skip
# First words of a piece that introduces a sentence rather than naming its speaker.
INTRO_WORDS = {
    "in", "on", "at", "after", "before", "during", "since", "given", "according", "when",
    "while", "although", "though", "as", "if", "because", "despite", "earlier", "later",
    "meanwhile", "however", "also", "for", "from", "under", "by", "separately", "speaking",
    "asked", "instead", "still", "yet", "last", "this", "next",
}  # fmt: skip
# First words of an aside that is no title ("X, who voted against it, said").
RELATIVE = {"who", "which", "where", "whose", "whom", "when", "speaking", "citing"}
# Verbs that make words a clause, not a name ("the plan was", "officials found").
FINITE = {
    "is", "are", "was", "were", "has", "have", "had", "would", "will", "could", "can",
    "should", "may", "might", "must", "did", "does", "do", "shall", "ought", "knew", "saw",
    "found", "came", "went", "made", "took", "gave", "got", "kept", "left", "met", "paid",
    "put", "ran", "thought", "began", "became", "fell", "rose", "grew", "won", "lost", "sent",
    "spent", "built", "brought", "bought", "held", "remains", "remain", "needs", "need",
    "wants", "want", "plans", "lacks", "lacked", "faces", "faced", "means", "meant",
}  # fmt: skip
# Words between a speaker and the verb that are no part of the speaker ("he also said").
ADVERBS = {
    "also", "later", "earlier", "previously", "repeatedly", "has", "had", "have", "then",
    "once", "recently", "separately", "again", "further", "first", "initially", "last",
    "publicly", "privately", "quickly", "immediately", "often", "frequently", "always",
    "never", "just", "already", "himself", "herself", "themselves", "itself", "too",
}  # fmt: skip
# Words whose full stop ends no sentence ("Gov.", "Calif.", "U.S.").
ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "sen", "rep", "gov", "lt", "gen", "col", "capt", "sgt",
    "st", "jr", "sr", "inc", "corp", "co", "ltd", "no", "vs", "jan", "feb", "mar", "apr",
    "aug", "sep", "sept", "oct", "nov", "dec", "ore", "calif", "mass", "wash", "fla", "ariz",
    "colo", "conn", "ill", "mich", "minn", "tenn", "tex", "va", "pa", "rev", "adm", "maj",
    "det", "supt", "ft", "mt", "u.s", "u.n", "u.k", "e.u", "d.c", "a.m", "p.m", "n.y",
}  # fmt: skip
# Company letters that end no other kind of name: a run of capitals ending in one is a company
# ("Radwerk AG", "Fjordgaard ASA"), whatever its other words.
COMPANY_ENDINGS = {"ag", "sa", "nv", "se", "asa", "ab", "bv", "gmbh", "spa", "oyj", "plc", "a/s"}
# Last words of a company's name that its second mention drops ("Vantor Brands Inc" -> "Vantor").
CORPORATE_SUFFIXES = COMPANY_ENDINGS | {
    "inc", "inc.", "corp", "corp.", "co.", "ltd", "ltd.", "llc", "group", "brands", "holdings",
}  # fmt: skip
