"""Where each publisher serves the current edition of its list: one rule per format.

A rule is either a fixed address (``url``) or an index page (``index``) whose links
name the current file (``link``, a regular expression over the link's address; the
newest date in the matching addresses wins). Every rule cites where the address is
documented. None could be checked from the machine this was written on (no access
to the internet), so each is marked ``verified=None`` with that said in ``note``;
``sanctiongraph fetch NAME --url URL`` overrides a rule that has moved.

>>> RULES["un-xml"].url
'https://scsanctions.un.org/resources/xml/en/consolidated.xml'
>>> sorted(n for n, r in RULES.items() if r.retired)
['uk-csv', 'uk-xlsx']
"""

from __future__ import annotations

import re
from dataclasses import dataclass

UNVERIFIED = "unverified offline: written without access to the publisher's site"


@dataclass(frozen=True)
class Rule:
    name: str  # the format name `load` takes
    title: str
    ext: str  # the archived file's extension
    cited: str  # where the address is documented
    url: str | None = None
    index: str | None = None  # a page whose links name the current file
    link: str | None = None  # regex over a link's address on ``index``
    retired: str | None = None  # why the publisher no longer serves this list
    note: str = UNVERIFIED
    verified: bool | None = None  # None: not checked (no internet where it was written)

    def pick(self, links: list[str]) -> str | None:
        """The link naming the current file: the one with the latest date (``YYYYMMDD``
        in its address), else the first that matches.

        >>> r = RULES["jp-mof"]
        >>> r.pick(["/a/shisantouketsu20250101.xlsx", "/a/shisantouketsu20260305.xlsx",
        ...         "/a/shisantouketsu20260305.pdf"])
        '/a/shisantouketsu20260305.xlsx'
        """
        assert self.link is not None
        found = [a for a in links if re.search(self.link, a)]
        if not found:
            return None
        dated = [(m.group(1), a) for a in found if (m := re.search(r"(?<!\d)(\d{8})(?!\d)", a))]
        return max(dated)[1] if dated else found[0]


_OFAC_SLS = "https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/"
_OFSI = "https://ofsistorage.blob.core.windows.net/publishlive/2022format/"
_OFSI_RETIRED = (
    "OFSI's Consolidated List was retired on 28 January 2026; the FCDO's UK Sanctions List "
    "replaced it (a list of its own, which sanctiongraph cannot read yet)"
)

RULES: dict[str, Rule] = {
    r.name: r
    for r in (
        Rule(
            "un-xml", "UN Security Council Consolidated List", "xml",
            url="https://scsanctions.un.org/resources/xml/en/consolidated.xml",
            cited="UN Security Council, 'United Nations Security Council Consolidated List' "
            "page (un.org/securitycouncil/content/un-sc-consolidated-list), XML link",
        ),
        Rule(
            "ofac-xml", "OFAC SDN list (legacy XML)", "xml",
            url=_OFAC_SLS + "SDN.XML",
            cited="OFAC Sanctions List Service, 'SLS file formats' (ofac.treasury.gov/"
            "sanctions-list-service): SDN.XML under PublicationPreview/exports",
        ),
        Rule(
            "ofac-advanced", "OFAC SDN list (advanced XML)", "xml",
            url=_OFAC_SLS + "SDN_ADVANCED.XML",
            cited="OFAC Sanctions List Service, 'SLS file formats' (ofac.treasury.gov/"
            "sanctions-list-service): SDN_ADVANCED.XML under PublicationPreview/exports",
        ),
        Rule(
            "eu-fsf-xml", "EU Financial Sanctions Files (consolidated list)", "xml",
            url="https://webgate.ec.europa.eu/fsd/fsf/public/files/xmlFullSanctionsList_1_1/"
            "content?token=dG9rZW4tMjAxNw",
            cited="data.europa.eu dataset 'Consolidated list of persons, groups and entities "
            "subject to EU financial sanctions', XML 1.1 distribution (public token)",
        ),
        Rule(
            "uk-csv", "UK OFSI Consolidated List (CSV)", "csv",
            url=_OFSI + "ConList.csv",
            cited="OFSI, 'Financial sanctions targets: list of all asset freeze targets' "
            "(gov.uk), 2022-format CSV link",
            retired=_OFSI_RETIRED,
        ),
        Rule(
            "uk-xlsx", "UK OFSI Consolidated List (Excel)", "xlsx",
            url=_OFSI + "ConList.xlsx",
            cited="OFSI, 'Financial sanctions targets: list of all asset freeze targets' "
            "(gov.uk), 2022-format XLSX link",
            retired=_OFSI_RETIRED,
        ),
        Rule(
            "jp-mof", "Japan MOF asset-freeze list", "xlsx",
            index="https://www.mof.go.jp/policy/international_policy/gaitame_kawase/gaitame/"
            "economic_sanctions/list.html",
            link=r"shisantouketsu\d{8}\.xlsx$",
            cited="MOF, 経済制裁措置及び対象者リスト (economic_sanctions/list.html): the "
            "workbook is linked as shisantouketsuYYYYMMDD.xlsx (the shared copy is "
            "shisantouketsu20260305.xlsx)",
        ),
        Rule(
            "jp-meti", "Japan METI Foreign User List", "xlsx",
            index="https://www.meti.go.jp/policy/anpo/law05.html",
            link=r"/\d{8}_\d+\.xlsx$",
            cited="METI, 安全保障貿易管理 外国ユーザーリスト (policy/anpo/law05.html): the "
            "workbook is linked as YYYYMMDD_N.xlsx (the shared copy was 20250929_4.xlsx)",
        ),
    )
}  # fmt: skip

# Published lists that sanctiongraph knows where to find but cannot read yet.
UNREADABLE: dict[str, str] = {
    "uk-sanctions-list": (
        "the FCDO's UK Sanctions List (https://sanctionslist.fcdo.gov.uk/docs/"
        "UK-Sanctions-List.xml) has no loader: no whole published file of it could be found "
        "to build one from"
    ),
}
