"""Word lists the extraction rules share: attribution verbs, role words,
organisation markers, anonymous-source nouns and first names with a gender.

Kept in one place so the rules read as rules and the vocabulary can grow
without touching them.
"""

# Attribution verbs in the forms news copy uses. Present-tense forms that are
# also common nouns ("reports", "claims", "states", "notes") only count when
# followed by "that", a colon or a comma (see AMBIGUOUS_CUES).
CUE_VERBS: frozenset[str] = frozenset(
    """
    said says say saying told tells telling added adds adding continued continues continuing
    warned warns warning argued argues arguing claimed claiming insisted insists insisting
    wrote writes writing tweeted tweets tweeting posted declared declares declaring
    promised promising stressed stressing noted noting explained explains explaining
    replied replies replying responded responds answered answers asked asks
    announced announces announcing stated stating acknowledged acknowledges admitted admits
    confirmed confirms denied denies suggested suggests observed observes recalled recalls
    remarked remarks commented comments predicted predicts urged urges cautioned cautions
    conceded concedes maintained maintains asserted asserts alleged alleges reported
    testified testifies shouted joked complained complains boasted boasts vowed vows
    pledged pledges mused countered counters concluded concludes emphasised emphasized
    emphasises emphasizes emphasising emphasizing wondered wonders described describes
    recounted recounts revealed reveals disclosed discloses indicated indicates
    signalled signaled threatened threatens estimated estimates forecast projected
    announcing acknowledging admitting confirming denying suggesting recalling insisted
    spoke told written
    quipped quips retorted retorts barked fumed scoffed snapped chanted chanting yelled yelling screamed screaming shouting
    interjecting jeered jeering echoing uttered cried exclaiming
    exclaimed whispered muttered lamented griped bragged gushed marvelled marveled reiterated
    reiterates reiterating recounted remembered repeated interjected interrupted
    contended contends charged alleged acknowledged affirmed affirms assured
    reassured proclaimed proclaims decried decries blasted slammed sneered pressed echoed
    argue insist admit acknowledge contend concede deny predict explain recall allege assert
    testify complain reply respond suggest maintain reiterate quip
    exhorted chided thundered summarized summarised hinted texted emailed
    """.split()
) | frozenset(
    {"pointed out", "points out", "point out", "pointing out", "put it", "puts it", "shot back", "fired back", "hit back", "went on"}
)

# Headlines capitalise every word: "Ruiz Says She Will Not Debate".
HEADLINE_CUES: frozenset[str] = frozenset(
    "Says Said Tells Told Warns Insists Argues Admits Denies Vows Urges Predicts Suggests Announces".split()
)

AMBIGUOUS_CUES: frozenset[str] = frozenset(
    "reports claims states notes promises remarks comments answers estimates stresses warns forecast read reads "
    "claim note warn stress retaliated demanded challenged".split()
) | frozenset(["went on"])  # '“...,” Ruiz went on.', not "went on to win"

# Participles take the subject of the clause they hang from.
PARTICIPLE_CUES: frozenset[str] = frozenset(w for w in CUE_VERBS if w.endswith("ing"))

# Verbs after which "X verb Y" with no "that" still introduces a clause.
CLAUSE_VERBS: frozenset[str] = frozenset(
    "said says saying told tells warned warns warning claimed claims claiming argued argues arguing "
    "insisted insists added adding stressed noted explained predicted admitted acknowledged "
    "confirmed suggested believes believed wrote writes reported".split()
)

# Verbs that can follow a closing quote with the speaker after them:
# "...," said Bauer.
INVERTING_CUES: frozenset[str] = frozenset(
    "said says added adds continued wrote writes asked asks replied replies explained "
    "recalled noted warned insisted argued declared concluded".split()
)

# Words that may sit between a subject and its verb: "he also said",
# "Stoltenberg has repeatedly argued", "she was quoted as saying".
SUBJECT_VERB_FILLERS: frozenset[str] = frozenset(
    """
    also then later previously once recently repeatedly reportedly promptly further
    has have had was were is are been be would will could later, later quickly again
    quoted as publicly privately separately earlier initially subsequently bluntly
    simply calmly flatly firmly openly told reporters even long since just already never always
    often frequently increasingly consistently routinely not had did does do has have once now
    """.split()
)

PRONOUNS_MALE: frozenset[str] = frozenset({"he", "him", "his"})
PRONOUNS_FEMALE: frozenset[str] = frozenset({"she", "her"})
PRONOUNS_PLURAL: frozenset[str] = frozenset({"they", "we"})
PRONOUNS_NEUTER: frozenset[str] = frozenset({"it"})
SUBJECT_PRONOUNS: frozenset[str] = frozenset({"he", "she", "they", "it", "we", "i"})

# Title-case words that are a role, rank or title rather than part of a name.
ROLE_WORDS: frozenset[str] = frozenset(
    """
    president vice-president minister prime premier secretary secretary-general general admiral
    chancellor senator sen. judge justice dr dr. doctor professor prof prof. ceo cfo coo chief
    executive director governor gov. mayor coach captain inspector detective sergeant sgt
    officer ambassador spokesperson spokesman spokeswoman king queen prince princess pope
    rep. representative mr mr. mrs mrs. ms ms. miss sir dame lord lady pastor father bishop
    archbishop rabbi imam commissioner chairman chairwoman chair deputy vice lieutenant lt
    colonel col major commander marshal head leader councillor councilman councilwoman
    attorney attorney-general prosecutor lawyer state foreign defence defense interior finance
    health education justice home economy trade labour labor culture environment
    ombudsman speaker sheriff constable superintendent manager striker midfielder defender
    goalkeeper forward winger founder co-founder chairperson editor editor-in-chief
    correspondent columnist reporter analyst economist strategist researcher scientist
    historian author novelist professor emeritus dean provost principal headteacher
    headmaster nurse surgeon physician consultant counsel barrister solicitor magistrate
    coroner superintendent chief-executive treasurer registrar envoy emir sheikh ayatollah
    patriarch cardinal senior acting interim former junior assistant associate managing
    general-secretary press democrat republican democratic independent libertarian gop
    moderator host anchor panelist candidate nominee councilmember alderman alderwoman
    """.split()
)

# Lower-case role nouns that can stand right before a name: "columnist David
# Ignatius", "defence lawyer Ana Ruiz".
ROLE_NOUNS: frozenset[str] = frozenset(
    """
    columnist spokesman spokeswoman spokesperson lawyer attorney prosecutor judge coach
    manager striker midfielder defender goalkeeper captain winger forward player analyst
    economist researcher scientist professor author novelist historian reporter
    correspondent editor commentator presenter host director chairman chairwoman chair
    president minister secretary senator governor mayor councillor official officer
    ambassador envoy founder executive chief boss head leader owner resident neighbour
    neighbor witness survivor activist campaigner organiser organizer teacher headteacher
    nurse doctor surgeon physician farmer worker driver pilot soldier commander general
    detective inspector sergeant constable superintendent investor trader banker
    strategist consultant adviser advisor aide deputy student singer actor actress artist
    poet playwright filmmaker designer architect engineer entrepreneur priest pastor
    rabbi imam bishop counsel barrister solicitor magistrate coroner referee umpire
    candidate lawmaker legislator diplomat negotiator mediator biologist physicist
    chemist epidemiologist virologist climatologist astronomer geologist ecologist
    psychologist sociologist anthropologist archaeologist mathematician
    businessman businesswoman billionaire millionaire tycoon mogul pundit pollster journalist
    broadcaster blogger publisher nominee contender challenger incumbent congressman congresswoman hopeful
    moderator panelist
    """.split()
)

# Words that prefix a role and are not names: "former", "then", nationalities.
ROLE_MODIFIERS: frozenset[str] = frozenset(
    "former then acting interim deputy senior chief vice assistant top veteran longtime lead "
    "outgoing incoming new retired defence defense foreign finance health state".split()
)

# Capitalised words that open a sentence or clause without being a name.
NON_NAME_WORDS: frozenset[str] = frozenset(
    """
    a an the this that these those it its he she they we i you his her their our my your
    yesterday today tomorrow tonight monday tuesday wednesday thursday friday saturday sunday
    january february march april may june july august september october november december
    but and or so yet however meanwhile moreover still then now later earlier also
    although though while when whereas because since after before during over under in on
    at to of for from by with without about against between into onto upon as if unless until
    once there here what which who whom whose why how where every each all some many most
    several few both either neither no not nor one two three four five six seven eight nine
    ten last next first second third another other such only even just instead indeed
    according asked speaking writing citing echoing claiming adding noting despite amid
    among following like unlike inside outside across around behind beyond through
    throughout toward towards within polls poll critics supporters officials sources
    given based upon unless whether regardless considering including excluding except
    mr mrs ms dr
    """.split()
)

# The words of newspapers', broadcasters' and magazines' names.
PRESS_WORDS: frozenset[str] = frozenset(
    """
    news times post journal herald guardian telegraph tribune gazette chronicle magazine review press
    radio television tv channel courier observer examiner inquirer register dispatch bulletin monitor
    globe mirror express
    """.split()
)

# Markers that make a capitalised name an organisation.
ORG_WORDS: frozenset[str] = PRESS_WORDS | frozenset(
    """
    inc inc. ltd ltd. llc plc corp corp. corporation company co co. group holdings bank
    ministry department agency council commission committee university college institute
    institution association federation club fc party court police office union service services
    authority board foundation organisation organization airlines airways hospital school
    center centre trust fund network
    parliament congress senate assembly government cabinet administration army navy
    force forces command guard museum library society league alliance coalition
    movement front institute observatory laboratory lab labs unit team studio studios
    systems technologies industries motors energy pharmaceuticals capital partners
    foods coastguard firm operator developer regulator consortium watchdog chamber
    consultancy securities insurance brewery railways railway airport port campaign
    electric dynamics communications entertainment
    """.split()
)

# Organisations commonly named alone, with no marker word.
KNOWN_ORGS: frozenset[str] = frozenset(
    """
    reuters ap afp bloomberg rt tass ria xinhua bbc cnn nbc cbs abc fox msnbc npr pbs
    al-jazeera aljazeera dpa efe ansa kyodo yonhap interfax sputnik euronews politico axios
    nato un eu who imf wto opec oecd fifa uefa ioc nasa esa fbi cia nsa kgb fsb mi5 mi6
    kremlin pentagon bundestag duma knesset hamas hezbollah taliban isis microsoft google
    apple amazon meta facebook twitter tesla nvidia openai samsung toyota boeing airbus
    shell bp exxon gazprom rosneft siemens volkswagen unicef unesco unhcr amnesty oxfam
    greenpeace wsws economist isis isil
    """.split()
) | frozenset(
    {
        "islamic state", "white house", "state department", "justice department", "supreme court",
        "federal reserve", "defense department", "pentagon", "homeland security", "secret service",
    }
)

# Nouns that make an anonymous source: "one source", "a person familiar with".
ANON_NOUNS: frozenset[str] = frozenset(
    """
    source sources person people official officials insider insiders aide aides
    diplomat diplomats individual individuals figure figures executive executives
    employee employees staffer staffers member members adviser advisers advisor advisors
    investigator investigators officer officers witness witnesses resident residents
    analyst analysts expert experts observer observers critic critics spokesperson
    spokesman spokeswoman lawyer lawyers colleague colleagues friend friends relative
    relatives neighbour neighbours neighbor neighbors worker workers lawmaker lawmakers
    participant participants attendee attendees negotiator negotiators commander commanders
    soldier soldiers student students parent parents teacher teachers doctor doctors
    nurse nurses scientist scientists researcher researchers economist economists
    fan fans supporter supporters protester protesters protestors campaigner campaigners
    activist activists villager villagers passenger passengers manager managers banker
    bankers trader traders investor investors voter voters shopper shoppers player
    players agent agents police prosecutors prosecutor authorities victim victims
    teacher pensioner pensioners owner owners customer customers patient patients
    strategist strategists operative operatives consultant consultants pollster pollsters
    donor donors delegate delegates organizer organizers organiser organisers volunteer
    volunteers veteran veterans historian historians surrogate surrogates backer backers ally allies
    confidant confidants associate associates insider
    """.split()
)

# Determiners that open an anonymous or collective source.
ANON_DETERMINERS: frozenset[str] = frozenset(
    """
    a an one another this that these those the two three four five six seven eight nine
    ten several some many most other others few dozens hundreds two-thirds both
    """.split()
)

# Nouns used bare, in the plural, for a group that speaks: "officials said".
COLLECTIVE_NOUNS: frozenset[str] = frozenset(
    """
    officials sources residents analysts experts critics observers diplomats police
    protesters protestors campaigners activists villagers witnesses investigators
    prosecutors authorities scientists researchers economists doctors nurses teachers
    parents students fans supporters voters lawmakers legislators insiders aides
    organisers organizers locals traders investors workers employees neighbours neighbors
    officers soldiers commanders negotiators ministers leaders members relatives families
    friends colleagues classmates
    """.split()
)

# Words before an opening quote mark that make the quoted words a title or a
# name rather than speech.
TITLE_TRIGGERS: frozenset[str] = frozenset(
    """
    titled entitled headlined headline headlines dubbed nicknamed named called so-called
    book books novel novels film films movie movies song songs album albums show shows
    series sitcom programme program podcast podcasts documentary documentaries report
    reports paper study article articles essay column play opera musical exhibition
    episode poem painting campaign slogan hashtag motto operation term label nickname
    brand newsletter blog memoir anthem
    """.split()
)

# Reporting words that make a title a statement by the outlet: a news report
# "headlined" a full sentence is the outlet's claim.
HEADLINE_TRIGGERS: frozenset[str] = frozenset("titled entitled headlined headline".split())

# The words of the time of a statement ("on Tuesday night", "last week",
# "this spring"), in the order the patterns built from them try them.
WEEKDAYS: tuple[str, ...] = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
DAY_PARTS: tuple[str, ...] = ("morning", "afternoon", "evening", "night")
PERIODS: tuple[str, ...] = ("week", "month", "year", "weekend")
SEASONS: tuple[str, ...] = ("spring", "summer", "fall", "autumn", "winter")

# Relatives, named by whose they are ("her husband", "the couple's son").
KIN_NOUNS: tuple[str, ...] = (
    "wife", "husband", "widow", "widower", "son", "daughter", "mother", "father", "brother", "sister", "aunt", "uncle",
    "niece", "nephew", "grandson", "granddaughter", "grandmother", "grandfather", "girlfriend", "boyfriend",
)

# Months, so dates are not taken for statistics.
MONTHS: frozenset[str] = frozenset(
    "january february march april may june july august september october november december "
    "jan feb mar apr jun jul aug sep sept oct nov dec".split()
)

# First names with a known gender, to match "she" and "he" to the right person.
# Not exhaustive: a name missing here is compatible with either pronoun.
MALE_NAMES: frozenset[str] = frozenset(
    """
    john james robert michael william david richard joseph thomas charles christopher daniel
    matthew anthony mark donald steven paul andrew joshua kenneth kevin brian george timothy
    ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin
    scott brandon benjamin samuel gregory alexander frank patrick raymond jack dennis jerry
    tyler aaron jose adam nathan henry douglas zachary peter kyle ethan walter noah jeremy
    christian keith roger terry gerald harold sean austin carl arthur lawrence dylan jesse
    jordan bryan billy joe bruce gabriel logan albert willie alan juan wayne elijah randy roy
    vincent ralph eugene russell bobby mason philip louis joe jens rob viktor vladimir
    dmitry dmitri sergei sergey andrii andriy volodymyr olaf emmanuel boris keir rishi
    radoslaw radosław donald xi narendra recep benjamin yair ali mohammed muhammad ahmed
    omar hassan hussein mustafa ibrahim youssef karim tariq rafael carlos luis miguel pedro
    jorge pablo diego javier alejandro fernando ricardo antonio manuel francisco giovanni
    marco luca matteo giuseppe francesco alessandro lorenzo pierre jean jacques francois
    françois nicolas olivier philippe michel laurent hans klaus jürgen jurgen wolfgang
    stefan markus thomas lars erik anders sven olav magnus ivan alexei alexey nikolai
    mikhail yuri igor oleg pavel andrzej piotr tomasz krzysztof jan pavel tomas ahmet
    mehmet kemal hiroshi takashi kenji wei jun hao raj rahul arjun vikram amit sanjay
    kwame kofi chinedu emeka tunde oluwaseun sipho thabo liam oliver harry charlie alfie
    leo oscar archie finn tom ben sam dan max felix hugo theo rory callum connor declan
    seamus eamon ciaran aidan owen rhys dafydd hamish angus ewan fraser mr sir lord king
    anton derek ross callum pete jonah tomas marcus abdul simon martin erik frank
    prince father brother son uncle nephew husband boyfriend grandfather admiral
    barack bernie ted marco jeb rand ben chris mitt reince mitch chuck lindsey newt rudy corey
    rick tim mike jim jimmy bill eric jared steve sean rush glenn trey devin rob ron
    jake josh dave doug greg matt nate phil ray stan tony vince zach al andy barry bob brad
    brent chad clay cliff craig curt dale darrell dean dick don earl ed eddie fred freddy gene
    geoff gordon grant hank herb howard hugh ike jeff jon karl ken kurt lamar lee leon lou luke
    lyndon marc mario mel mort morton neil nick norm orrin reggie rex rich rod rusty sid stu
    stuart todd trent troy vic wade warren wes will woody austan cornel mohammad jesus newton
    dinesh bret hugh tucker mitchell bret ezra nate jonah tom joel jose harvey mark elijah
    """.split()
)

FEMALE_NAMES: frozenset[str] = frozenset(
    """
    mary patricia jennifer linda elizabeth barbara susan jessica sarah karen nancy lisa
    betty margaret sandra ashley kimberly emily donna michelle dorothy carol amanda melissa
    deborah stephanie rebecca sharon laura cynthia kathleen amy shirley angela helen anna
    brenda pamela nicole emma samantha katherine christine debra rachel catherine carolyn
    janet ruth maria heather diane virginia julie joyce victoria olivia kelly christina
    lauren joan evelyn judith megan cheryl andrea hannah martha jacqueline frances gloria
    ann teresa kathryn sara janice alice madison doris abigail julia judy grace denise
    amber marilyn beverly danielle theresa sophia marie diana brittany natalie isabella
    charlotte rose alexis kayla ursula kamala hillary angela annalena giorgia marine
    ségolène segolene christine kaja mette sanna jacinda theresa liz nicola priti suella
    yvette rachel fatima aisha amina zainab layla leila yasmin mariam noor salma
    sofia lucia carmen isabel elena ana paula beatriz camila valentina gabriela daniela
    giulia chiara francesca alessia martina sophie camille chloe claire amelie léa lea
    manon ines ingrid astrid sigrid greta helga ursula katrin petra anke birgit
    olga tatiana natalia irina svetlana ekaterina yulia anastasia maria marta agnieszka
    katarzyna magdalena yuki akiko mei ling xiu priya anjali sunita deepa ngozi chioma
    amara adaeze zanele thandiwe aoife siobhan niamh saoirse ciara sinead eileen fiona
    morag eilidh ffion cerys megan isla ava mia poppy lily ella freya evie ruby daisy
    mrs ms miss dame lady queen princess mother sister daughter aunt niece wife girlfriend
    grandmother spokeswoman chairwoman actress janet sue caroline
    dianne kellyanne huma jill melania ivanka megyn carly nikki condoleezza madeleine loretta
    debbie kirsten tammy jeanne maggie patty maxine sheila valerie cheryl jen dana jan michele
    marsha joni shelley katy mika robin terrie melanne tina roberta wendy cynthia liz lynn
    chelsea tiffany omarosa hope kayleigh dolores gwen nina neera jennifer jane jean joy kate
    katie kathy kristen laurie leslie lori lucy marcia margo meg molly nora peggy penny sally
    sherry stacey tara tracy vicki wanda yvonne zoe barbra bette carole elaine erin faith gail
    heidi irene jo joanne joni kim lena lois mara maureen mayra mona paula renee rita rosa
    helen amelia joanna rebecca fiona claire priya marta ines sandra grace
    """.split()
)

# Places that speak for their government ("Moscow said", "Beijing warned"):
# countries, capitals, US states and large cities. A place named alone as a
# speaker is an organisation, never a person.
PLACES: frozenset[str] = frozenset(
    """
    moscow beijing washington london paris berlin tokyo kyiv kiev tehran pyongyang seoul delhi
    new-delhi islamabad kabul baghdad damascus ankara cairo riyadh jerusalem brussels rome madrid
    warsaw budapest prague vienna ottawa canberra havana caracas mexico brasilia minsk tbilisi
    yerevan baku doha abu-dhabi dubai taipei hanoi manila jakarta bangkok singapore
    russia china ukraine america britain england france germany japan iran iraq syria israel
    turkey egypt india pakistan afghanistan korea mexico canada cuba venezuela brazil poland
    hungary belarus georgia taiwan vietnam libya yemen qatar lebanon jordan nato-members
    alabama alaska arizona arkansas california colorado connecticut delaware florida
    hawaii idaho illinois indiana iowa kansas kentucky louisiana maine maryland massachusetts
    michigan minnesota mississippi missouri montana nebraska nevada ohio oklahoma oregon
    pennsylvania tennessee texas utah vermont virginia wisconsin wyoming
    chicago houston philadelphia phoenix boston detroit seattle atlanta miami baltimore denver
    """.split()
)

# Written things that "say" what their author wrote: "the statement said",
# "Gowdy's letter reads".
DOCUMENT_NOUNS: frozenset[str] = frozenset(
    """
    statement statements letter letters tweet tweets email e-mail emails memo memos release filing
    lawsuit suit complaint petition post message note editorial column op-ed ad advertisement
    report affidavit motion brief ruling order transcript
    flyer flyers mailer mailers leaflet leaflets pamphlet pamphlets brochure card sign banner poster billboard
    """.split()
)

# Places written in several words, and the last words of places and
# buildings: a speaker named so is the place (its government), never a person.
MULTI_WORD_PLACES: frozenset[str] = frozenset(
    place.strip()
    for place in """
    new york|new jersey|new hampshire|new mexico|new orleans|new england|new zealand|north carolina|
    south carolina|north dakota|south dakota|west virginia|rhode island|united states|united kingdom|
    united nations|los angeles|san francisco|san diego|san antonio|las vegas|st. louis|salt lake city|
    atlantic city|white house|capitol hill|wall street|silicon valley|puerto rico|saudi arabia|
    north korea|south korea|south africa|hong kong|el paso|des moines|washington d.c.|middle east
    """.replace("\n", "").split("|")
)
PLACE_HEADS: frozenset[str] = frozenset(
    "plaza tower towers street avenue boulevard square bridge island islands river lake mountain "
    "mountains beach airport hotel casino arena stadium county valley bay coast".split()
)

# Adjectives and plurals of nationality, religion and party: "Catholic",
# "Syrians", "Republicans" describe people, they do not name one.
GROUP_WORDS: frozenset[str] = frozenset(
    """
    american mexican syrian iraqi iranian russian chinese british french german israeli palestinian
    cuban hispanic latino latina catholic protestant jewish jew muslim christian evangelical
    democrat republican conservative liberal progressive european asian african canadian japanese
    korean ukrainian turkish afghan saudi egyptian libyan pakistani indian mormon baptist
    """.split()
)
