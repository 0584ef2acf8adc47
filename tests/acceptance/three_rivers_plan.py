"""What Three Rivers' Customer Services Centre plan 2021 - 2024 says, as its people type it
(seeds/three-rivers-customer-services-2021-24.txt). Text is copied as printed, sic and all:
'guarters', 'Team Mangers', 'The CSC support', 'provide build resilience'."""

TITLE = "Customer Services Centre Service Plan 2021 - 2024"

INTRODUCTION = """
<p>The progress of this service plan will be monitored in the following ways:</p>
<ul>
<li>Through regular discussion at departmental management team (DMT) and Section Heads meetings and logged in the version control section of this document</li>
<li>Performance indicator monitoring by the Council's Management Board on a quarterly basis</li>
<li>By Committee reports twice a year (at the end of guarters two and four)</li>
</ul>
<p>Service Plans will be formally updated on an annual basis, taking into account internal and external influences arising from monitoring arrangements throughout the year.</p>
"""

SCOPE = """
<p>The Customer Services Centre (CSC) is a department within the Community and Environment directorate. The CSC provides a front line service for the Council on behalf of all departments, supporting all Service and Corporate priorities contained within the Council's Strategic Plan.</p>
<ul>
<li>The CSC provides a quality service to all those who contact the Council via the Customer Services Centre. It aims to provide improved access and high levels of customer care for customers to all Council services and is resourced to meet customer access requirements via email, telephone and visitors. Performance is reported weekly. The CSC follows the Corporate Customer Care Standards Policy which is published on the Intranet and Council website. Customer Care is monitored within the CSC monthly by Team Mangers and through the use of Customer Satisfaction Surveys</li>
<li>Ensure that the service we provide is sustained and sustainable by supporting all our staff with appropriate training and the tools to do the job</li>
<li>Continue to develop the service in line with corporate and service priorities</li>
<li>Develop the CSC Academy to recruit, corporately induct and develop staff to provide a pool of quality staff to support all council services with the potential to fill vacant departmental posts in the future.</li>
<li>Support all service departments in identifying and implementing service improvements.</li>
<li>Management of Corporate Complaints to assist all Council departments to improve their services through managing complaints.</li>
<li>Management of the Council's outsourced standby (out of hours emergency) service</li>
<li>Delivery of administrative duties on behalf of all Council departments to improve efficiency &amp; reduce costs.</li>
</ul>
"""

BUDGET_GUIDANCE = (
    "<p>Budgets will be added by Finance and Performance and Projects Manager, after budgets "
    "are agreed at Council in February</p>"
)

# Job title of the single point of failure, then the five cells of its table.
SINGLE_POINTS = [
    (
        "Customer Services Manager",
        "CSC Team Manager could progress to this role (or External recruitment)",
        "Call Centre Management, ICT Literate, Excellent Customer Service skills,",
        "Admin knowledge of 8x8, Firmstep and all other Council ICT systems. Knowledge, "
        "relationship & awareness of all council services Data Protection",
        "Short term loss of direction/leadership",
        "Training identified to improve skills & provide resilience",
    ),
    (
        "Customer Services Team Manager",
        "CSC Advanced Rep could progress to this role (or External recruitment)",
        "",
        "Knowledge, relationship & awareness of all council services Data Protection",
        "Short term loss of management support",
        "Training identified to improve skills & provide build resilience",
    ),
]

SKILLS_GUIDANCE = (
    "<p>Please provide a summary of the Skills and Qualifications you require in order to "
    "provide your service to your customers. For Example, many planners will have the RTPI "
    "qualification, or Project Managers will have the PRINCE2 qualification</p>"
)

SKILLS = [
    (
        "Customer Service Manager",
        "Step Up to Leadership – completed\nCall Centre Management",
        "Continued refreshers in:\nManaging People\nSystem Administration\nOrganisational strategy",
    ),
    (
        "Customer Service Team Managers",
        "Step Up to Management – completed",
        "Managing People\nCall Centre Management",
    ),
]

HOUSING = "Housing and Thriving Communities"
ENVIRONMENT = "Sustainable Environment"
ECONOMY = "Successful Economy"
FINANCE = "Financially Independent Council"

# The council's corporate framework: each priority theme with its objectives, in order.
PRIORITIES = {
    HOUSING: [
        "We will work on a local plan to deliver sufficient housing and adopt that plan by 2021",
        "Through our joint ventures and partnerships we will take all available practicable "
        "action to increase the supply of affordable homes in the district",
        "We will complete the delivery of the main and learner pools and refurbishment to the "
        "leisure venue at South Oxhey",
        "We will seek to increase the number of Green Flag accredited parks and open spaces",
        "We will work towards reducing inequalities, prevent homelessness and encourage healthy "
        "lifestyles",
        "We will continue to work with partners to tackle crime and anti-social behaviour and "
        "secure investment in priority interventions.",
    ],
    ENVIRONMENT: [
        "We will produce and deliver a Climate Change Strategy and action plan",
        "We will continue to improve the energy efficiency of the Council's buildings",
        "We will deliver and implement a Cycling and Walking Strategy",
        "We will seek to maintain our position as the highest recycling authority in "
        "Hertfordshire.",
    ],
    ECONOMY: [
        "We will undertake a review of the Council's role in relation to the economy and agree "
        "an economic strategy",
        "We will continue to participate in the Hertfordshire Growth Board and South West Herts "
        "Partnership and engage the Hertfordshire Local Enterprise Partnership to support the "
        "economy",
        "Three Rivers will be recognised as a great place to do business",
        "We will continue to improve our relationship with the local business community",
        "We will continue to support Visit Herts and promote Three Rivers as the home of the "
        "internationally significant Warner Bros Studios.",
    ],
    FINANCE: [
        "We will generate enough income to continue to provide services for the district",
        "We will develop and deliver an improved Property Investment Strategy to maximise "
        "income from our assets and support the Commercial Strategy",
        "We will progress our Customer Service Strategy that provides a range of contact "
        "channels for customers and sets out corporate expectations of how they should be "
        "treated",
        "We will produce an Organisational Development Strategy to support the Council in "
        "delivering its priorities and objectives.",
    ],
}

_SUPPORT = (
    "The CSC support council services to achieve corporate objectives through agreed CSC "
    "processes & scripting, enabling CSC staff to correctly advise & log reports from "
    "residents contacting the council"
)

# The service's contribution beside each objective (index in PRIORITIES) as printed: a cell
# that spans a theme's objectives is entered with its first objective.
CONTRIBUTIONS = {
    (HOUSING, 0): f"{_SUPPORT} regarding Housing & planning matters.",
    (HOUSING, 1): "We will need to review CSC scripting & web information with Head of Housing "
    "Services & Regulatory services and consider training requirements for CSC staff.",
    (ENVIRONMENT, 0): f"{_SUPPORT} regarding refuse, recycling and waste services.\n\n"
    "We will continue to review CSC scripting & web information with Head of Environmental "
    "Services & consider training requirements for CSC staff.",
    (ECONOMY, 0): f"{_SUPPORT}.",
    (FINANCE, 0): f"{_SUPPORT}.",
}

KPI_INTRODUCTION = (
    "<p>Performance indicators are used to aid the decision making process as well as assess "
    "the efficiency and effectiveness of service delivery. The data that we use must be "
    "accurate, reliable and timely. To meet these requirements we have adopted the Audit "
    "Commission's Standards for Better Data Quality. Further details of the Council's "
    "commitment to data quality can be found in the Strategic Plan.</p>"
)
KPI_NOTE = (
    "<p>Currently unable to measure the new PIs - The Customer Experience Strategy should help "
    "to identify and provide tools to report on these KPIs</p>"
)
PI_DATA_OWNER = (
    "<p>The Head of Customer Services is responsible for the source data, data entry and "
    "checking the data. The purpose of collating this data is to ensure that our services "
    "improve.</p>"
)

# code, printed Ref, description, kind, 2019/20 actual, targets 2020/21 to 2023/24.
INDICATORS = [
    ("CS04", "", "Volume of enquiries submitted on-line", "key", "15%",
     ["15%", "15%", "19%", "23%"]),
    ("", "New PI", "First point of contact resolution", "key", "", ["New PI", "TBA", "", ""]),
    ("", "New PI", "Customer satisfaction measures (on-line, phone, face-to-face)", "key", "",
     ["New PI", "TBA", "", ""]),
    ("CS01", "", "% of calls answered", "service", "98%", ["97%", "97%", "97%", "97%"]),
    ("CS02", "", "% of calls answered within 20 secs", "service", "81%",
     ["75%", "75%", "75%", "75%"]),
]  # fmt: skip

CONTRACTS_GUIDANCE = (
    "<p>Information for this section can be taken from the Contracts Register, hyperlink above</p>"
)
RISKS_GUIDANCE = (
    "<p>As identified in the Risk Management Register for your Service. Simply add the "
    "information below</p>"
)

# Risk description, residual likelihood, residual impact (the score is theirs product).
RISKS = [
    ("Insufficient staff", 2, 2),
    ("Total failure of ICT systems", 2, 2),
    ("Loss of accommodation", 2, 2),
    ("Fraudulent activity", 1, 2),
    ("Total failure of telephone system", 2, 2),
    ("Physical assault on staff or visitors to TRH", 2, 2),
    ("Loss of key staff and management skills", 2, 2),
]

# The council's 4 x 4 matrix: levels from 1 up, as its key prints them, and its bands.
LIKELIHOOD = ["Remote (≤5%)", "Unlikely (6-20%)", "Likely (21-79%)", "Very Likely (≥80%)"]
IMPACT = ["Marginal", "Significant", "Critical", "Catastrophic"]
# The words under the matrix, 'Impact Low Unacceptable': the impact axis's title and its ends.
# The likelihood axis is titled 'Likelihood' beside the rows, with no words at its ends.
IMPACT_AXIS = {"title": "Impact", "low": "Low", "high": "Unacceptable"}
BANDS = [("Low", "green", 1, 4), ("Medium", "yellow", 5, 6), ("High", "orange", 7, 9),
         ("Very High", "red", 10, 16)]  # fmt: skip
