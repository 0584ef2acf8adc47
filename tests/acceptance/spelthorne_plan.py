"""The Spelthorne Customer Services service plan 2024/25 (seeds/spelthorne-customer-services-
2024-25.txt), as its people type it: every text as printed, sic included. The council is
fictional ("Thameside Borough Council"); the plan's own wording, figures and people are not."""

COUNCIL = "Thameside Borough Council"
DIRECTORATE = "Corporate Services"
SERVICE = "Customer Services"
TITLE = "CUSTOMER SERVICES SERVICE PLAN 2024/25"
REFERENCE = "Service Plan 2024/25"

# CARES, the corporate plan's priorities, as the growth-bid header spells them out.
PRIORITIES = [
    "Community",
    "Addressing Housing Need",
    "Resilience",
    "Environment",
    "Services",
]


def paragraphs(*texts: str) -> str:
    return "".join(f"<p>{text}</p>" for text in texts)


OWN_TABLE = "A table of the council's own columns"

# (number as printed, level, title, kind): the plan's headings in its own order. Numbers the
# extraction lost ('. WHAT WE DO', '. KEY ACTIVITIES') are left blank, as printed.
TEMPLATE = [
    ("1.", 1, "SERVICE OVERVIEW", "Narrative (rich text)"),
    ("", 2, "WHO WE ARE", "Workforce"),
    ("", 2, "WHAT WE DO: Service Purpose and Core Business Functions", "Narrative (rich text)"),
    ("", 1, "KEY ACTIVITIES/PROJECTS FOR 2024/25", "Actions and projects"),
    ("", 2, "RESOURCES 2023/24", "Budget and growth bids"),
    ("", 2, "Growth bids 24/25, 25/26 and 26/27", "Budget and growth bids"),
    ("", 2, "Provisional 2024/25 revenue cost/income budget requested", OWN_TABLE),
    ("", 2, "Significant/Material anticipated revenue budget impacts:", "Narrative (rich text)"),
    ("3.", 1, "CARBON FOOTPRINT", "Carbon reduction"),
    ("4.", 1, "PROCUREMENT CONTRACTS", "Contracts"),
    ("5.", 1, "KEY PERFORMANCE INDICATORS", "Performance indicators"),
    ("6.", 1, "KEY ISSUES/RISKS FOR 2024/25", "Key issues and risks"),
    (
        "7.",
        1,
        "LOOKING FURTHER AHEAD: OTHER KEY ISSUES/RISKS FOR THE NEXT THREE YEARS",
        "Narrative (rich text)",
    ),
    ("8.", 1, "KEY CONTACTS", "Key contacts"),
    ("9.0", 1, "MANAGEMENT", "Narrative (rich text)"),
    ("9.1", 2, "Group Head's comment/signoff", OWN_TABLE),
    ("9.2", 2, "Comments/sign off from the Deputy Chief Executive", OWN_TABLE),
    ("", 1, "Document control", OWN_TABLE),
    ("", 1, "Appendix A SERVICE PLAN TEMPLATE – Risk Appetite", OWN_TABLE),
]

OVERVIEW = paragraphs(
    "INSERT BRIEF OVERVIEW OF TEAM",
    "The Customer Services Team deliver on a number of areas including Council Tax, Business "
    "rates, Business Improvement District collections, recovery of debt, ptax, allotment "
    "bookings, street parties as well as providing a frontline service to the customer via the "
    "phones and a reception desk .",
    "The purpose of Customer Services is to provide key customer facing and support functions "
    "to the Council. The identified functions of the services are those of Customer Services "
    "including provision of a Contact Centre, dealing with customer interactions across a range "
    "of channels, including telephony, face to face, and via email and social media.",
)

WHO_WE_ARE = paragraphs(
    "Team structure agreed and implemented by March/April 2024 after transitional phase."
)

WHAT_WE_DO = paragraphs(
    "The service covers the requirements of the customer charter and the corporate priority of "
    "services.. It also has an important role in the Council’s finance and legal requirements "
    "in terms of council tax and business rate collections together with collections for the "
    "Business Improvement District. The services also recovers sundry debt and operates a "
    "contact centre and reception."
)

# The heading's italic tail and the 'enabling actions' guidance, printed in the plan.
KEY_ACTIVITIES_TEXT = (
    "<p><em>Significant one-off activities and projects to be undertaken in 24/25 (Projects "
    "need to have a business case, PID report before any revenue or capital growth bid is "
    "included in the tables below, before you prepare a report for MAT.</em></p>"
    "<p><em>Insert the relevant ‘enabling actions’ actions your Team intends to undertake in "
    "the coming year to help maximise your resources to achieve service priorities and "
    "contribute towards the Corporate Plan priorities and objectives. These will include "
    "specific actions that contribute to your team’s work and include any significant ICT "
    "projects, specific areas of development in terms of assets, major capital projects and any "
    "actions to mitigate against identified service risks. <strong>Ensure fully cover budgetary "
    "issues and address climate change impacts</strong> (i.e. does scheme contribute to "
    "reducing carbon emissions or meet other social and environmental criteria)</em></p>"
)

# The table's title row: the service objective the key activities sit under.
KEY_ACTIVITIES_TABLE = (
    "KEY ACTIVITIES DELIVERING THE COUNCIL’S CORPORATE PLAN And other key statutory and "
    "service elements"
)

# Column of the actions table -> the council's header, in the plan's order.
ACTION_COLUMNS = [
    ("statutory", "What is our corporate priority (CARES) ? Is the function statutory or "
     "non-statutory"),
    ("title", "Provide clear outline of what the service wants to achieve including projects "
     "and outcomes/deliverables"),
    ("measure", "How will we measure the difference made?"),
    ("target", "Is a business case required? and when do you hope to action the achieve this "
     "by? Or is this just a growth bid?"),
    ("responsible", "Who is the lead officer?"),
    ("committee", "Which Committee sign off?"),
    ("resources", "Other service resources e.g. procurement and budget required mention if "
     "also potential growth bids"),
]  # fmt: skip

# Column 4 asks both "is a business case required?" and "by when?": the answers ('Detailed
# business case produced for 23/24 which is being built on', 'Ongoing') are typed as the
# action's target as printed, the app's "target or by when" as the council words it.
ACTIONS = [
    {
        "statutory": "Non-statutory but key to Services ambitions",
        "priorities": ["Services"],
        "title": "We will provide a choice of channels\nOur website will be available 24 hours "
        "a day all year round\nOur face-to-face services will be available for those who need "
        "it\nOur trained staff will be available on phone lines for when you need to talk to "
        "us\nWe will make social media channels available for you to interact with us\nWe will "
        "make sure everybody has equal access to services",
        "measure": "KPIs will be achieved. In the medium term 25/26 onwards savings will be "
        "achieved through improved efficiencies",
        "target_text": "Detailed business case produced for 23/24 which is being built on",
        "responsible": "Sandy Muirhead/Dan Dredge/Hiren Bhatt.",
        "committee": "CPRC",
        "resources": "In order to move forward on digital transformation and improve the "
        "customer experience there is a requirement to update and improve technology to meet "
        "customer expectations. This has to be purchased but in the medium to long term will "
        "result in savings to the Council over 4 years of nearly £1M",
    },
    {
        "statutory": "Non-statutory Services",
        "priorities": ["Services"],
        "title": "Via the digital transformation programme a Granicus system will be introduced "
        "in 24/25 which will automate incoming revenues forms.",
        "measure": "Automate as much as 80% of all incoming revenues forms.",
        "target_text": "Ongoing",
        "responsible": "Daniel Dredge",
        "committee": "",
        "resources": "",
    },
    {
        "statutory": "Statutory",
        "priorities": [],
        "title": "Council tax and business rates",
        "measure": "Maintain collection rates",
        "target_text": "Ongoing",
        "responsible": "Katie Frampton Operational Manager",
        "committee": "CPRC",
        "resources": "Some concerns regarding cost of living increase and impact on collection "
        "rates",
    },
    {
        "statutory": "Services",
        "priorities": ["Services"],
        "title": "Undertake as now and improve across the Council collection of sundry debt",
        "measure": "Improve recovery rates",
        "target_text": "Ongoing",
        "responsible": "Katie Frampton",
        "committee": "",
        "resources": "",
    },
    {
        # Six cells for seven columns: the last reads as 'other service resources' (it asks
        # for ICT assistance), so the committee cell is the blank one.
        "statutory": "Services",
        "priorities": ["Services"],
        "title": "Maintain allotment bookings and other service bookings such as halls and "
        "street parties",
        "measure": "",
        "target_text": "Ongoing",
        "responsible": "Katie Frampton",
        "committee": "",
        "resources": "In 24/25 improve booking system and automate bookings where feasible need "
        "ICT assistance.",
    },
]

# The template's provisional budget: a matrix of 'X' cells, typed as printed.
PROVISIONAL_COLUMNS = [
    "Service Area", "Revenue Expenditure Budget £", "Projected Income £",
    "Staff (Full time equivalents)", "Savings £", "Total budget £",
]  # fmt: skip
PROVISIONAL = [
    ["Total 2024/25", "1,304,000", "0", "23.5", "0", "X"],
    ["Expenditure Costs", "X", "0", "0", "0", "X"],
    ["Project Income/Lost Income", "0", "X", "0", "0", "X"],
    ["Staff", "0", "0", "X", "0", "X"],
    ["Savings", "(0)", "(0)", "(0)", "£101,000", "(X)"],
    ["Total 2024/25 Provisional Revenue Budget 2024/25", "1,304,000", "X", "X", "", "X"],
]

RESOURCES_TEXT = paragraphs(
    "IDENTIFY FOR EACH SERVICE AREA – THIS SHOULD BE YOUR APPROVED FIGURES FOR 2023/24 (ASK "
    "YOUR SERVICE ACCOUNTANT FOR ASSISTANCE AS REQUIRED)."
)

GROWTH_BIDS_TEXT = paragraphs(
    "Given the medium term financial strategy is extremely tight please consider likely impact "
    "of each items beyond 24/25 where feasible or where savings may emerge, it is essential that "
    "you enter figures for 25/26, 26/27 and 27/28, if you don't believe there will be any "
    "figures for a year enter n/a (not applicable)."
)

GROWTH_BID_COLUMNS = [
    ("details", "Details of bid (1)"),
    ("reason", "Reason for Bid and confirm which priority in the new corporate plan this "
     "relates to CARES (Community, Addressing Housing Need, Resilience, Environment & Services) "
     "include consideration of future years items. (2)"),
    ("cost_centre", "Cost Centre code details (3)"),
    ("start_date", "Start Date MM/YY (4)"),
    ("end_date", "End Date MM/YY (8)"),
    ("pid", "PID Req'd Y or N If no, why not? (9)"),
    ("procurement", "Procurement involved. Y or N If no, why not? (10)"),
    ("amounts", "24/25 £ (11) | 25/26 £ (12) | 26/27 £ (13) | 27/28 £ (14)"),
]  # fmt: skip

GROWTH_BIDS = [
    {
        "kind": "Cost – revenue",
        "details": "Note savings are realised in CS but projects team implement so in projects "
        "service plan too",
        "reason": "webCAPTURE (GovTech) API for integration with Capita – This is required for "
        "our Granicus, Engagement HQ and Capita platforms to integrate and facilitate up to 80% "
        "complete automation of revenues activity. ROI calculations indicate this is the "
        "equivalent of saving 3,238 staff hours a year which can be repurposed to higher value "
        "work and generate efficiencies",
        "start_date": "1.4.24",
        "amounts": ["10,400", "10,400", "10,400", "10,400"],
    },
    {
        "kind": "Cost – revenue",
        "details": "As above",
        "reason": "WebCAPTURE Annual Service Fees and P2P VPN charge",
        "start_date": "1.4.24",
        "amounts": ["0", "0", "6,000", "8,000"],
    },
]

# The total row as printed: its 27/28 total is not the sum of the bids (18,400), sic.
GROWTH_BIDS_TOTAL_LABEL = "Total Cost - Revenue"
GROWTH_BIDS_PRINTED_TOTALS = [(2027, "18,100")]

BUDGET_IMPACTS = paragraphs(
    "Please highlight any estimate financial impacts (positive or adverse) anticipated over the "
    "next four years. For example this could arise from new anticipated statutory requirements, "
    "contractual inflation/new contracts; impact of population growth etc",
    "None at this stage but always subject to potential legislative changes and factors "
    "affecting communities such as cost of living increase or pandemic",
)

CARBON_TEXT = paragraphs(
    "working in conjunction with our Climate Change Officer please highlight in the table below "
    "how you intend to reduce the Carbon Footprint (by tons) within your department over the "
    "next four years and beyond, if there is an invest to save element in your plans, please "
    "ensure that the cost element is highlighted in the relevant section above for revenue and "
    "or capital bids"
)

# (initiative, its 24/25 saving as printed: '' for a blank cell)
CARBON = [
    ("Hybrid printing will reduce paper use over time", "TBC"),
    (
        "With improving e-billing more will be done electronically reducing paper use and "
        "postage envelopes",
        "",
    ),
]

CONTRACTS_TEXT = paragraphs(
    "please list below all contracts under £40,000 that will lapse and or will need to be "
    "renewed over the next four years",
    "None at this stage",
)

KPIS_TEXT = paragraphs(
    "These measure performance for key ongoing activities of the service and corporate "
    "performance monitoring on a quarterly basis – NB review and consider meaningful as well as "
    "statutory KPIs – KPIs will be reported to Committees quarterly."
)

# (description, frequency, target as printed or "")
INDICATORS = [
    (
        "Number of self-service transactions processed on the customer account on council "
        "website (quarterly)",
        "Quarterly",
        "Number",
        "2000/quarter",
    ),
    ("Number of hours of staff time using robotic process automation", "Annual", "Number", ""),
    ("Percentage of Council tax collected", "Annual", "Percentage", "98.5%"),
    ("Percentage of Business rates collected", "Annual", "Percentage", "98.0%"),
    ("Sundry Debt Collection Rates", "Annual", "Percentage", "90%"),
    ("Satisfaction with Customer Services", "Annual", "Percentage", ""),
    (
        "Answering over 80% of calls within 45 seconds • Answering over 95% of calls, with less "
        "than 5% abandoned Reduce % calls lost to 5%",
        "Annual",
        "Percentage",
        "5% by end of March",
    ),
    (
        "Keeping the average wait time for customers to be seen in person to below 10 minutes",
        "Annual",
        "Number",
        "",
    ),
    ("To respond to enquiries with 7 working days", "Annual", "Percentage", "99%"),
]

KEY_ISSUES_TEXT = (
    "<p><em>this section highlights key issues/risks which may affect other services that work "
    "with us or support our work (add in rows as appropriate. Please ensure cover future and "
    "current service risks. In light of corporate risk please ensure consider each area "
    "fully.</em></p>"
)

# (the app's category, the council's heading for it, the text)
KEY_ISSUES = [
    (
        "Workforce planning issues and training requirements",
        "WORKFORCE PLANNING ISSUES/TRAINING REQUIREMENTS",
        "Training of new staff will be required with new structure and also need to recruit "
        "into posts which may be challenging",
    ),
    (
        "Communication and consultation",
        "COMMUNICATION/CONSULTATION",
        "Key areas likely to arise during 24/25 - Communications on Council tax annually are "
        "undertaken and currently no new issues",
    ),
    (
        "Legal issues (likely to need legal support)",
        "LEGAL ISSUES (likely to require additional legal support)",
        "As recovery team builds and gets fully underway there will potentially be requirement "
        "for assistance in taking cases to court.",
    ),
    (
        "Data protection (GDPR)",
        "GDPR",
        "Staff are aware of data management requirements but given the nature of the role there "
        "is always a risk of data breach.",
    ),
    (
        "Procurement or contracts",
        "PROCUREMENT OR CONTRACTS (upcoming procurements or contracts required)",
        "No intended purchase of new systems outside of current plans relating to digital "
        "transformation",
    ),
    (
        "ICT",
        "ICT (e.g. provide information on systems to be purchased or support needed)",
        "As upgrades to systems or though introduction of new systems there will be ICT support "
        "required",
    ),
    (
        "Climate change",
        "CLIMATE CHANGE",
        "Consider both how the service would be impacted by climate change and its climate "
        "change impacts main areas are to increase automation and e-billing so as to reduce "
        "paper use.",
    ),
    (
        "Service risks",
        "SERVICE RISKS (consider likelihood and impact) – relate where appropriate to corporate "
        "risk",
        "additionally complete risk appetite framework Appendix A (below)",
    ),
    (
        "Non-legal issues",
        "NON-LEGAL ISSUES",
        "Resourcing should be less of a problem as new systems embed which increase automation "
        "of transactions",
    ),
    (
        "Equality and diversity",
        "EQUALITY and DIVERSITY",
        "Equality Impact Assessments Required or Reviews due include here",
    ),
]

LOOKING_AHEAD = paragraphs(
    "issues e.g. legislation that we need to plan for in the medium term, financial changes, "
    "climate change,",
    "<strong>SERVICE AREA</strong>",
    "Potential changes in Council tax legislation, continued longer term impacts of the cost of "
    "living crisis with associated impacts on recovery Workforce retention and automation of "
    "activities within service",
)

CONTACTS = [("Katie Frampton", "01784 446428"), ("Dan Dredge", "01784 446225")]

# The plan was signed on paper before it was entered: each block is its own table, as printed.
SIGN_OFF_COLUMNS = {
    "Group Head's comment/signoff": ["Signature/ date", "Comments"],
    "Comments/sign off from the Deputy Chief Executive": ["Signature/date", "Comments"],
}
SIGN_OFFS = {
    "Group Head's comment/signoff": [
        "S J Muirhead 24.2.24",
        "Given the current staffing constraints in the service they perform well and the "
        "challenge going forward with the restructure will be embracing change and new "
        "systems/technology over next few years",
    ],
    "Comments/sign off from the Deputy Chief Executive": [
        "Lee O'Neil 24.02.24",
        "The CS Team provide a range of essential functions, including the collection of "
        "Council Tax and Business Rates, and are the interface that many of our customers first "
        "deal with when engaging with the Council. Although they have been going through a "
        "transition period whilst the structure of the team has been realigned, they have "
        "continued to perform well.",
    ],
}

# Document control: labels and values, no header row; then the stray date printed under it.
DOCUMENT_CONTROL = [
    ["Document Reference:", "Service Plan 2024/25"],
    ["Version:", "V3 May 2024"],
    ["Date of issue", ""],
    ["Originator:", ""],
    ["Reviewer:", "S J Muirhead May 2024"],
    ["Plan Status:", "Final"],
]
DOCUMENT_CONTROL_AFTER = paragraphs("19-4-23")

APPENDIX_TEXT = paragraphs(
    "There are numerous Services operating across the Council, possibly with varying risk "
    "appetites. Being clear on your Service risk appetite will assist you as Managers in making "
    "transparent and informed risk-based decisions as part of service provision and delivery of "
    "objectives, as well as ensuring the application of proportionate actions and risk "
    "mitigation measures (as far as practical and possible) that align with your appetite.",
    "As an example to assist the risk appetite of the Regeneration and Growth Service sits is "
    "outlined below:",
)

# The appendix's grid, typed as printed: the council's categories described, its current
# appetite, the template's instructions, and the service's own rows (its header repeated).
APPETITE_COLUMNS = ["Appetite Category", "Minimal", "Cautious", "Exploratory", "Seeking"]
APPETITE_GRID = [
    [
        "Appetite Description",
        "Areas where Spelthorne will apply a strong control environment to reduce or minimise "
        "the likelihood that a risk will occur and/or reduce the impact of any risk",
        "Areas where Spelthorne seeks low-risk delivery options and will pilot innovation only "
        "in a controlled environment",
        "Areas where Spelthorne strikes a balance between the potential upside benefits and "
        "downside risks of a decision and explores new solutions and options for delivery",
        "Areas where Spelthorne takes risks by working with new ideas and approaches, looking "
        "for innovation and recognizing that failures are an opportunity for learning and "
        "improving.",
    ],
    [
        "How are each of these appetites articulated when applied across the RAF impact measure "
        "for 'Service Provision'",
        "Services delivered as planned with mandated developments only",
        "Tried and tested changes made. Use of limited pilots to develop new approaches",
        "Open to new ways of doing things and taking a balanced and pragmatic (capacity-driven) "
        "approach to making changes",
        "Continuous re-evaluation of services and how they are delivered to explore new ideas, "
        "learn from failures to invest in ever-improving delivery",
    ],
    [
        "What is the Council's overall risk appetite for 'Service provision' (CURRENT)?",
        "", "X", "", "",
    ],
    [
        "Use the information above, review the content within your Service Plan and reflect on "
        "your Service approaches to establish where your specific Service risk appetite is "
        "currently positioned. Add X",
        "", "", "", "",
    ],
    APPETITE_COLUMNS,
    ["1.Customer Services", "", "X", "X (digital transformation)", ""],
    ["2. Council tax and NDDR, BID", "", "X", "", ""],
    [
        "Why does your service risk appetite(s) sit against this category? Provide one or two "
        "examples of practices and approaches within your Service to support your assessment. "
        "For example, if you define your Service(s) to have a minimal or cautious risk appetite "
        "is this influenced by a strong regulatory working environment presenting wider "
        "implications or repercussions if this appetite category was not adhered to.",
        "", "", "", "",
    ],
]  # fmt: skip
