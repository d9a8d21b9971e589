"""The words of events in the record's languages: ordinals, the names of the International
Meetings and of party congresses, what is said of them (held, convened, postponed), the
words around places and dates. `prose_events` reads running text with them."""

from __future__ import annotations

import re

from kg.parse.dates import MONTH_NAMES
from kg.parse.events import WORD_ORDINALS
from kg.text import holds_any

# An ordinal as the record writes it: `20th`, `20.`, `20º`, `22.º`, `21o`, `20ή`, `20-й`,
# `38e`, `XX` (in Latin or Cyrillic letters, `Х (ХХ)` with the party's other count), words.
ORDINAL_WORDS = {
    **{w: n for n, words in enumerate((
        "", "primer primero primo première premier первый πρώτο", "segundo secondo second второй",
        "tercer tercero terceiro terzo troisième третий", "cuarto quarto quatrième четвертый",
        "quinto cinquième пятый", "sexto sesto sixième шестой", "séptimo sétimo settimo "
        "septième седьмой", "octavo oitavo ottavo huitième восьмой", "noveno nono neuvième "
        "девятый", "décimo decimo dixième десятый", "undécimo décimo-primeiro undicesimo "
        "onzième одиннадцатый", "duodécimo décimo-segundo dodicesimo douzième двенадцатый",
        "decimotercero décimo-terceiro tredicesimo treizième тринадцатый", "decimocuarto "
        "quattordicesimo quatorzième четырнадцатый", "decimoquinto quindicesimo quinzième "
        "пятнадцатый", "decimosexto sedicesimo seizième шестнадцатый", "decimoséptimo "
        "diciassettesimo dix-septième семнадцатый", "decimoctavo diciottesimo dix-huitième "
        "восемнадцатый", "decimonoveno diciannovesimo dix-neuvième девятнадцатый", "vigésimo "
        "ventesimo vingtième двадцатый",
    )) for w in words.split()},
}  # fmt: skip
FOREIGN_ORDINALS = "|".join(sorted(ORDINAL_WORDS, key=len, reverse=True))
ORDINAL = (
    r"(?<![\d\w])(?P<ordinal>\d{1,2}(?:st|nd|rd|th|\.\s?º|\.|º|°|ª|ᵉ|e|ème|o|ης|ής|ή|ο|ου|η"
    r"|-?(?:й|я|ая|ой|ей|го|ую|му|м))?(?![a-zA-Z0-9])"
    r"|1er|1re"
    rf"|(?-i:[IVXLХІ]{{1,7}})(?:\.|e|er|ème)?(?![\w])(?:\s*\([IVXLХІ]{{1,7}}\))?|{WORD_ORDINALS}"
    rf"|{FOREIGN_ORDINALS})"
)
MEETING_NOUN = (
    r"(?:International\s+Meeting|World\s+Meeting|IMCWP|Encuentro\s+Internacional"
    r"|Encontro\s+Internacional|Incontro\s+Internazionale|Rencontre\s+internationale"
    r"|Internationalen?\s+Treffen|Международн\w*\s+встреч\w*|Διεθν\w*\s+Συνάντησ\w*"
    r"|mezinárodní\w*\s+setkání|Międzynarodow\w*\s+Spotkani\w*|internationella\s+mötet"
    r"|r[ée]union\s+internationale|Međunarodn\w*\s+Sastan\w*|Nemzetközi\s+Találkoz\w*)"
)
MEETING = re.compile(rf"{ORDINAL}\s*{MEETING_NOUN}", re.IGNORECASE)
# `convening in the frame work of the International meeting of the communist and workers
# parties in Athens`: a meeting named with its article and no number is the page's own
# (never `the next International Meeting`, nor the meeting of its working group).
THE_MEETING = re.compile(
    rf"(?<![\w'])(?:the|this|del|della|dell'|de\s+la|da|do|la|el|le|της|τη|στη|στην)\s+"
    rf"{MEETING_NOUN}(?!\w)(?!\s*(?:'s\s+)?(?:working\s+group|WG\b|grupo|gruppo|groupe|Ομάδα))",
    re.IGNORECASE,
)
# A sentence about another time than the page's meeting (`held in Lisbon in 2006`, `did
# last year`, `since … first held`): an unnumbered meeting in it is not the page's own.
ANOTHER_TIME = re.compile(
    r"\b(?:last|first|since|previous|earlier|ago|did|pasado|anterior|desde|primer[oa]?"
    r"|scors[oa]|precedente|dernière|précédente|depuis|прошл\w*|предыдущ\w*|первый|πέρυσι"
    r"|προηγούμεν\w*|πρώτη)\b",
    re.IGNORECASE,
)
# `since the 19th International Meeting …`: a sentence that looks back from its dateline
SINCE = re.compile(
    r"\b(?:since|desde|dal|dalla|depuis|από|с|od)\s+(?:the\s+|el\s+|la\s+|il\s+|le\s+|la\s+)?\S*\s*$",
    re.IGNORECASE,
)
# `The Communist and Workers' Parties gathered in Guayaquil in the XVI Meeting`: a numbered
# `Meeting` alone, in a sentence that has named the parties before it.
COMMUNIST_AND_WORKERS = re.compile(
    r"ommunist\w*\s+(?:and|&)\s+Workers|omunistas\s+y\s+Obreros|omunisti\s+e\s+Operai"
    r"|omunistas\s+e\s+Oper[aá]rios|ommunistes\s+et\s+ouvriers|оммунистических\s+и\s+рабочих"
    r"|ομμουνιστικών\s+και\s+Εργατικών",
    re.IGNORECASE,
)
BARE_MEETING = re.compile(
    rf"{ORDINAL}\s+(?-i:Meeting|Encuentro|Encontro|Incontro|Rencontre|Συνάντηση)(?!\s+of)",
    re.IGNORECASE,
)
# `Athens Meeting 8-10 October 2004` under a title that names the meeting: its dates.
PLACE_MEETING = re.compile(r"^(?P<place>[A-Z][\w-]+)\s+Meeting\b")
# A sentence about a working group's meeting says nothing of the International Meeting's
# dates and place (`the Working Group of the 19th International Meeting … in Moscow`).
WORKING_GROUP = re.compile(
    r"working\s+group|grupo\s+de\s+trabajo|grupo\s+de\s+trabalho|gruppo\s+di\s+lavoro"
    r"|groupe\s+de\s+travail|Ομάδ\w*\s+Εργασίας|рабоч\w+\s+групп\w+|pracovní\w*\s+skupin\w*",
    re.IGNORECASE,
)
# The meeting of communist and workers' parties, not of another movement's: said nearby.
COMMUNIST = re.compile(r"ommun|omunis|оммун|ομμουν|IMCWP|PP\.?\s?CC|kommunist", re.IGNORECASE)
CONGRESS_NOUN = (
    r"(?:(?:National|Nacional|Nazionale|national|Národní|řádný|Παγκύπρι\w*|Πανελλαδικ\w*)\s+)?"
    r"(?:Congresso|Congreso|Congress|Congrès|congrès|Convention|Kongress|Parteitag|sjezd\w*"
    r"|съезд\w*|Συν[εέ]δρ\w*)\b(?:\s+(?:Nacional|Nazionale|national|Nationale))?"
)
# The party's words after the noun are looked at, not taken (a lookahead): the next
# congress the sentence names is matched too, and cuts them short.
CONGRESS = re.compile(
    rf"{ORDINAL}\s+{CONGRESS_NOUN}(?=\s+(?:(?:of\s+the|of|do|da|dos|del|de\s+la|de|du"
    r"|des|della|dello|dei|des|der|του|της)\s+)?(?P<party>[^\s,.;:()«»\"“”][^\s,.;:«»\"“”]*"
    r"(?:\s+[^\s,.;:«»\"“”]+){0,11}))?",
    re.IGNORECASE,
)
# A word every name of a meeting or a congress above holds (MEETING_NOUN's, BARE_MEETING's,
# PLACE_MEETING's and CONGRESS_NOUN's nouns): a sentence without one names no event, and
# the names' patterns, which try an ordinal at every character, need not look at it.
EVENT_NOUNS = tuple(
    word.casefold()
    for word in (
        "Meeting", "IMCWP", "Encuentro", "Encontro", "Incontro", "Rencontre", "Treffen",
        "встреч", "Συνάντησ", "setkání", "Spotkani", "mötet", "reunion", "réunion", "Sastan",
        "Találkoz", "Congres", "Congrès", "Convention", "Kongress", "Parteitag", "sjezd",
        "съезд", "Συνεδρ", "Συνέδρ",
    )
)  # fmt: skip


def names_an_event(text: str) -> bool:
    return holds_any(text, EVENT_NOUNS)


# A title that names a document (`Déclaration finale … de la 22ᵉ réunion`): the meeting it
# names adopted it; a title that only names a meeting reports on it.
DOCUMENT = re.compile(
    r"declaration|statement|resolution|appeal|communiqu|press\s+release|déclaration"
    r"|résolution|appel|declaración|resolución|llamamiento|comunicado|dichiarazione"
    r"|risoluzione|appello|declaração|resolução|apelo|заявлени|резолюци|обращени|διακήρυξη"
    r"|ψήφισμα|δήλωση|prohlášení|rezoluce|výzva|oświadczenie|rezolucja|apel",
    re.IGNORECASE,
)
# A sentence that says a meeting took place.
HELD = re.compile(
    r"\b(?:met|gathered|held|hosted|took\s+place|se\s+sont\s+réunis|s'est\s+tenue?|se\s+reunieron"
    r"|se\s+celebró|si\s+sono\s+riuniti|si\s+è\s+svolt[oa]|realizou-se|reuniram-se"
    r"|состоял\w*|прошл\w*|собрал\w*|πραγματοποιήθηκε|συναντήθηκαν|proběhl\w*|se\s+sešl\w*"
    r"|obradował\w*|odbył\w*|zebrał\w*|održan\w*|održa\w*)",
    re.IGNORECASE,
)
SCHEDULED = re.compile(
    r"will\s+be\s+held|will\s+take\s+place|to\s+be\s+held|will\s+be\s+holding|will\s+hold|convene[sd]?|convoca\w*|convocar"
    r"|se\s+celebrará|se\s+realizará|tendrá\s+lugar|realizar-se-á|terá\s+lugar|si\s+terrà"
    r"|si\s+svolgerà|aura\s+lieu|se\s+tiendra|se\s+uskuteční|proběhne|состоится|пройдет"
    r"|пройдёт|созыв\w*|θα\s+πραγματοποιηθεί|συγκαλ\w*",
    re.IGNORECASE,
)
POSTPONED = re.compile(
    r"postpone\w*|aplaza\w*|pospu\w+|pospon\w+|adiad\w*|adia\w*|rinvi\w*|posticip\w*"
    r"|report[ée]\w*|odlož\w*|zrušen\w*|перенес\w*"
    r"|отлож\w*|αναβ\w*",
    re.IGNORECASE,
)
# `in Athens`, `em Almada`, `à Marseille`, `στην Αθήνα`, `в Москве`: a place after its word.
PLACE = re.compile(
    r"(?<![\w])(?i:in|at|em|en|na|no|a|ad|à|nella|nel|στην|στη|στο|в|во|v|ve|w|we|u)\s+"
    r"(?:(?:cidade|ciudad|città|city|ville)\s+(?:de|di|of)\s+)?"
    r"(?P<place>(?:(?:[A-Z]|St|Ste|Sta)\.\s?)?[A-ZÀ-ÝА-ЯΑ-ΩŚŻŁ][\w'’-]+(?:\s+[A-ZÀ-ÝА-ЯΑ-Ω][\w'’-]+)?"
    r"(?:,\s*[A-ZÀ-ÝА-ЯΑ-Ω][\w'’-]+(?:\s+[A-ZÀ-ÝА-ЯΑ-Ω][\w'’-]+)?){0,2})"
)
# A sentence ends at a full stop before a capital, not after an initial (`S. Paulo`, `St.
# Petersburg`).
SENTENCE = re.compile(
    r"(?<![\s(][A-Z]\.)(?<![\s(]St\.)(?<![\s(]\d\.)(?<![\s(]\d\d\.)(?<=[.!?])\s+(?=[A-ZÀ-ÝА-ЯΑ-Ω«\"“(\d])|\n"
)  # nor after an ordinal (`sledeći 21. Međunarodni Sastanak`)
DATELINE = 60  # a line this short after a title may be its dateline
# Words a date is read through (`από την Πέμπτη 11 έως την Κυριακή 14 Απριλίου`): blanked,
# the offsets kept.
WEEKDAYS = re.compile(
    r"\b(?:(?:την|το|τη|the|el|le|il)\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday"
    r"|sunday|lunes|martes|miércoles|jueves|viernes|sábado|domingo|segunda-feira|terça-feira"
    r"|quarta-feira|quinta-feira|sexta-feira|lunedì|martedì|mercoledì|giovedì|venerdì|sabato"
    r"|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|понедельник|вторник|сред[аy]"
    r"|четверг|пятниц[аy]|суббот[аy]|воскресенье|Δευτέρα|Τρίτη|Τετάρτη|Πέμπτη|Παρασκευή"
    r"|Σάββατο|Κυριακή|pondělí|úterý|středa|čtvrtek|pátek|sobota|neděle)\b",
    re.IGNORECASE,
)
# Words between days (`from the 9th to the 11th`, `από 27 έως και 29 Οκτώβρη`): blanked.
BETWEEN_DAYS = re.compile(
    r"\b(?:the|el|le|la|il|τις|την|το)(?=\s+\d)|(?<=έως)\s+και(?=\s+\d)", re.IGNORECASE
)
NEAR = 200  # a date this far from an event's name or further is another matter's
FIRST_MEETING = 1998  # the International Meetings began in Athens in 1998
# `θα διαρκέσει έως το Σάββατο 31 Ιανουαρίου`: a day after `until` is the last one only.
UNTIL = re.compile(
    r"(?:until|till|έως|hasta|até|fino\s+a|jusqu'?(?:au|à)|до|bis)\W+(?:\w+\W+){0,2}$",
    re.IGNORECASE,
)
# A gathering before a date owns it (`riunitosi il 25 ottobre 2025`, `на пленуме 12 марта`).
GATHERING = re.compile(
    r"(?:riunit\w*|reunid\w*|reunião|reunión|réuni\w*|met|meeting|plenum|plenary|пленум\w*"
    r"|заседани\w*|συνεδρίασ\w*|zasedání|session)\W+(?:\w+\W+){0,3}$",
    re.IGNORECASE,
)
OPENING = 6  # the lines at the top of a page where its dateline stands
FOLLOW_ON = 2  # the sentences after a meeting's name that may say when and where it was
SPACED_SUFFIX = re.compile(r"(\d) (st|nd|rd|th)\b")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
AND_BETWEEN = re.compile(r"\s*(?:,|and|e|y|et|i|и|και|a)\s*", re.IGNORECASE)
# A party named in a sentence: a name with a party word, or an acronym (`PCP`, `PCdoB`).
PARTY_NAME = re.compile(
    r"(?:Partido|Partito|Parti|Partei|Party|Partit|Partia|Komunistick\w+|Коммунистическ\w+"
    r"|Κομμουνιστικ\w+|Communist|Rifondazione)(?:\s+[\w'’()-]+){0,8}"
    r"|(?<![\w])(?-i:[A-ZÀ-ŽА-ЯΑ-Ω][A-Za-zÀ-žА-Яа-яΑ-Ωα-ω-]*[A-ZÀ-ŽА-ЯΑ-Ω])(?![\w])"
)
SHORT_YEAR = re.compile(r"(?<![\d/])\d{1,2}/\d{1,2}/(\d{2})(?![\d/])")
YEAR = re.compile(r"(?<!\d)(?:19[89]\d|20[0-4]\d)(?!\d)")
CYRILLIC_ROMAN = str.maketrans("ХІ", "XI")
# A month alone after its preposition (`will be held in November in Kerala`): with the
# year the page states, the event's month.
MONTH_ALONE = re.compile(
    r"(?<![\w])(?:in|en|em|nel|a|à|в|στον|τον|w|v)\s+(?P<month>"
    + MONTH_NAMES
    + r")(?![\w])(?!\s*(?:de\s+|of\s+)?\d)",
    re.IGNORECASE,
)
# A year alone after its preposition (`to be held in Izmir in 2019`, `nel 2020`, `в 2017
# году`, `στο 2015`): the event's year, to the year, when no day or month is said. Never
# `since 2015` or `in 2019-2020`.
YEAR_ALONE = re.compile(
    r"(?<![\w])(?:in|nel|en|em|no|na|à|в|во|στο|το|w|v|i|im)\s+"
    r"(?:(?:the\s+)?year\s+|l'anno\s+|el\s+año\s+|o\s+ano\s+de\s+|roce\s+|jahr\s+|roku\s+)?"
    r"(?P<year>19[89]\d|20[0-4]\d)(?![\d/-]|\.\d|\s*[-–/]\s*\d)",
    re.IGNORECASE,
)
# The verb a year alone must follow, in the same stretch of words (`will be held in Izmir
# in 2019`, `previsto en 2026`, `si sarebbe dovuto tenere il prossimo anno`): never a year
# said of something else (`the crisis that broke out in 2008`, `founded in 1993`).
YEAR_VERB = re.compile(
    r"\b(?:held|hold|holds|take\s+place|takes\s+place|took\s+place|convened|planned"
    r"|scheduled|previst[oa]s?|prévu\w*|tenere|tenersi|terrà|svolgerà|celebrar\w*|celebrará"
    r"|realizar\w*|realizará|postponed|aplaz\w*|pospu\w*|rinvi\w*|posticip\w*|состоится"
    r"|пройд[её]т|проходил\w*|πραγματοποιηθεί|proběhne|uskuteční)\b",
    re.IGNORECASE,
)
YEAR_AFTER_VERB = 60  # characters, with no comma or full stop between
# A year named from the page's own (`il prossimo anno` on a page of October 2025 is 2026,
# `this year` on a page of April 2017 is 2017).
RELATIVE_YEAR = re.compile(
    r"\b(?:(?P<next>next\s+year|(?:il\s+)?prossimo\s+anno|(?:el\s+)?pr[oó]ximo\s+año"
    r"|(?:no\s+)?pr[oó]ximo\s+ano|l'année\s+prochaine|в\s+следующем\s+году"
    r"|τον\s+επόμενο\s+χρόνο|příští\w*\s+rok\w*)"
    r"|(?P<this>this\s+year|quest'anno|este\s+año|este\s+ano|cette\s+année|в\s+этом\s+году"
    r"|φέτος|letos|w\s+tym\s+roku))\b",
    re.IGNORECASE,
)
# `the 3rd International Meeting of Women`, `… of Communist Youth Organisations`: another
# movement's meetings, not the communist and workers' parties'.
OTHER_MOVEMENT = re.compile(
    r"youth|juventud|juventude|giovent|jeunesse|молод[её]ж|νεολαί|women|mujeres|mulheres|donne"
    r"|femmes|женщин|γυναικ|trade\s+union|sindical|syndical|peace\s+council",
    re.IGNORECASE,
)
# After the meeting's noun, `of …` says whose meeting it is.
WHOSE = re.compile(r"\s*(?:of|de|dei|des|del|della|degli|dos|das|da|do|των|der)\s", re.IGNORECASE)
# A sentence that speaks of the meeting just named (`The meeting was hosted …`, `145
# représentants … se sont réunis à La Havane …`), not of something else.
REFERS_BACK = re.compile(
    r"\b(?:the\s+meeting|it|meeting|conference|forum|participants|representatives|delegat\w*"
    r"|représentants|réunion|rencontre|encuentro|encontro|incontro|spotkani\w*|setkání"
    r"|sastan\w*|встреч\w*|форум\w*|участник\w*|делегат\w*|συνάντησ\w*|σύνεδροι"
    r"|partis\s+communistes|partidos\s+comunistas|partiti\s+comunisti|communist\s+and"
    r"\s+workers)\b",
    re.IGNORECASE,
)
# Days named by their relation to the page's own day (`desde el viernes y hasta el domingo`,
# `tre giorni da venerdì fino a oggi`, `Ξεκινά σήμερα … έως το Σάββατο 31 Ιανουαρίου`).
WEEKDAY_NUMBER = {
    word: number
    for number, words in enumerate((
        "monday lunes segunda-feira lunedì lundi понедельник δευτέρα pondělí poniedziałek",
        "tuesday martes terça-feira martedì mardi вторник τρίτη úterý wtorek",
        "wednesday miércoles quarta-feira mercoledì mercredi среда среду τετάρτη středa środa",
        "thursday jueves quinta-feira giovedì jeudi четверг πέμπτη čtvrtek czwartek",
        "friday viernes sexta-feira venerdì vendredi пятница пятницу παρασκευή pátek piątek",
        "saturday sábado sabato samedi суббота субботу σάββατο sobota",
        "sunday domingo domenica dimanche воскресенье воскресенья κυριακή neděle niedziela",
    ))
    for word in words.split()
}  # fmt: skip
DAY_OFFSET = {
    **dict.fromkeys(
        ["today", "hoy", "hoje", "oggi", "aujourd'hui", "σήμερα", "сегодня", "dnes", "dziś"], 0
    ),
    **dict.fromkeys(
        ["tomorrow", "mañana", "amanhã", "domani", "demain", "αύριο", "завтра", "zítra"], 1
    ),
}
RELATIVE_DAY = re.compile(
    r"(?P<prep>\b(?:from|since|desde|da|dal|du|από|от|с|od|until|till|to|hasta|a|fino\s+a"
    r"|jusqu'?(?:au|à)|έως|до|do)\s+(?:(?:el|il|le|lo|το|την|la)\s+)?)?(?<![\w'])(?P<word>"
    + "|".join(sorted(map(re.escape, [*WEEKDAY_NUMBER, *DAY_OFFSET]), key=len, reverse=True))
    + r")(?![\w'])",
    re.IGNORECASE,
)
FROM_WORDS = re.compile(r"^(?:from|since|desde|da|dal|du|από|от|с|od)\b", re.IGNORECASE)
# `Izmir had hosted the 21st IMCWP`: a city and its verb just before the event's name.
HOSTED_BY_CITY = re.compile(
    r"(?P<city>[A-ZÀ-ÝА-ЯΑ-Ω][\w'’-]+)\s+(?:had\s+hosted|hosted|hosts|will\s+host|ha\s+ospitato"
    r"|ospiterà|acogió|acogerá|acolheu|acolherá|a\s+accueilli|accueillera)\s+(?:\w+\s+){0,2}$"
)
# `Isztanbulban kerül sor a … 17. Nemzetközi Találkozójára`: a city in the Hungarian
# inessive (`in Istanbul`) before the event's name, in its sentence.
INESSIVE_CITY = re.compile(
    r"(?<!\w)(?P<city>[A-ZÁÉÍÓÖŐÚÜŰ][\w'’-]+?)(?:ban|ben)\s+(?:kerül\s+sor|tartják|rendezik"
    r"|rendezték|tartották|zajlik|zajlott|lesz|volt)\b"
)
# `nel 12° Incontro Internazionale in Sud Africa`: a place said right after a meeting's
# name is the meeting's, even in a sentence about its working group.
PLACE_ATTACHED = 4  # characters between the name and `in`
# `που άρχισαν την Πέμπτη 4 Ιουνίου`: the day an event began, said apart from its end.
BEGAN = re.compile(
    r"\b(?:began|begun|started|opened|άρχισ(?:αν|ε)|ξεκίνησ(?:αν|ε)|начал(?:ся|ась|ись|о)"
    r"|открыл(?:ся|ась|ись)|iniziat[oaie]|cominciat[oaie]|comenzó|comenzaron|inició|iniciaron"
    r"|começou|começaram|commencé|s'est\s+ouvert\w*|začal[aoy]?|rozpoczął|rozpoczęł[aoy])\b",
    re.IGNORECASE,
)
LONGEST_CONGRESS = 10  # days between a congress's first and last, said apart
LONGEST_MEETING = 4  # days: the International Meetings have lasted two to four
# A party's own text to a meeting (`20 IMCWP, Message of the Communist Party of Cuba`):
# dated and signed where the party sent it, not where the meeting was.
CONTRIBUTION = re.compile(
    r"message|contribution|speech|intervention|greeting|saludo|mensaje|intervención"
    r"|contribución|intervento|messaggio|contributo|выступлени|приветстви|χαιρετισμ|ομιλία"
    r"|παρέμβαση|příspěvek|projev",
    re.IGNORECASE,
)
# A working group's own verb: a place after it is where the group met.
GATHERING_VERB = re.compile(
    r"\b(?:met|meet|meets|gathered|riunit\w*|si\s+è\s+riunito|reunió|se\s+reunieron"
    r"|reuniu|reuniram|réuni\w*|собрал\w*|συναντήθηκ\w*|συνεδρίασ\w*|sešl\w*)\b",
    re.IGNORECASE,
)
# `Du 23 au 26 se tient à Martigues le XXXe congrès` under a heading `23-26 mars 2000`:
# days without their month, which the page's top gives.
DAYS_ONLY = re.compile(
    r"(?<!\w)(?:du|from|dal|del|desde|de|od|с|από)\s+(?P<first>\d{1,2})\s+"
    r"(?:au|to|al|a|hasta|do|по|έως|ως)\s+(?P<last>\d{1,2})(?![\d.]|\s*[/.-]?\s*\w*\d)"
    r"(?!\s+(?:\w+\s+)?(?:" + MONTH_NAMES + r")(?!\w))",
    re.IGNORECASE,
)
SAID_NEAR = 40  # a day this close to `began` or `ended` is the first or the last
# The end of a meeting, not its days: `Ολοκληρώθηκαν … 3 Νοέμβρη`, `concluded on 3 November`.
ENDED = re.compile(
    r"\b(?:ended|concluded|closed|came\s+to\s+an\s+end|ολοκληρώθηκ\w*|έληξ\w*|завершил\w*"
    r"|закончил\w*|si\s+è\s+concluso|concluyó|terminó|encerrou|terminou|s'est\s+achevé\w*"
    r"|skončil\w*|zakończ\w*)\b",
    re.IGNORECASE,
)
