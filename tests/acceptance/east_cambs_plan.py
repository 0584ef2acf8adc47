"""East Cambridgeshire's Customer Services plan 2015/16 (seeds/east-cambs-customer-services-
2015-16.txt), as its people would type it: the words, figures and dates as printed.

Three things are typed as the council meant them rather than as the text extraction left
them: ordinal dates are joined again ('2 nd January 2015' is '2nd January 2015' in the Word
file, a superscript), the measure cards' lists are one process to a line with their bullet
('• Meetings arranged …'), and the blank rows of a card are left blank.

The 2014/15 'Actual' is the output's progress report: its note is the Actual as printed,
markers and all ('*Not achieved'), and its status is what the officer would choose from the
app's list (a report needs one; it does not print in this plan's tables)."""

TITLE = "Customer services – Service Delivery Plan 2015-2016"

OVERVIEW = """\
<p>The Customer Services Team comprises; 1 Customer Service Manager, 1 Customer Service Team \
Leader, 7 Customer Service Advisors (5 FT, 2 P/T), 1 Customer Services Apprentice, 1 Web/CRM \
Development Officer (P/T 30hrs) and Customer Engagement Officer (P/T 30hrs).</p>
<p>The remit of the Customer Services team is to provide a front line service for all Council \
Services, delivering high levels of customer service and responding in a fast, efficient and \
helpful manner. A single point of contact for the public that is accessible to all including \
the development of the Council's websites and providing access to our services 24 x 7.</p>
<p>The team monitors the needs of customer's, customer satisfaction and works with Service \
Delivery leads and partners to create positive communication channels, increase the number of \
customer interactions resolved at first point of contact, identify improvement opportunities \
and strive to develop services that meet the needs of our customers.</p>
<p>In addition to the above, the team supports organisational change, policy and political \
decisions and presents them positively. They manage customer expectations by clearly \
communicating standards and response times and works to ensure that these are met. We maximise \
the use of technology and promote the use of self-service and more cost efficient channels such \
as the internet and online services via the web.</p>
<p>Our web team help to update the pages on the Council's website to meet the needs of our \
customers.</p>
<p>We are regulated by Government and have to have regard of numerous Government Acts and the \
Council's corporate aims of:</p>
<ul>
<li>Maintaining sound finances by investing wisely, maximising income and providing effective \
and efficient services,</li>
<li>When delivering our services our customers are at the heart of everything we do.</li>
</ul>
<p>The cost to run the service totals £310,809.00 per annum. This amount includes staffing \
costs for the Customer Service Team and maintaining and developing the Council's website and the \
provision of uniform to ECDC and Anglia Revenues Partnership's customer facing staff.</p>
"""

# The council's corporate aims, as the overview names them: the priorities its objectives serve.
CORPORATE_AIMS = [
    "Maintaining sound finances by investing wisely, maximising income and providing effective "
    "and efficient services",
    "When delivering our services our customers are at the heart of everything we do",
]

FORWARD_PLAN_GUIDANCE = (
    "<p>(Are there any dates which you think Service Delivery Champions might need to be aware "
    "of e.g. committee dates, events linked to outputs etc)</p>"
)
FORWARD_PLAN_COLUMNS = [
    ("decision_date", "Proposed date of decision"),
    ("item", "Item"),
    ("service_area", "Service Area"),
    ("member_champion", "Service Delivery Champion"),
    ("committee", "Committee"),
]
# 'Sept 2015' as printed; the date behind it is the committee of 14th September 2015 that a
# variance note names.
FORWARD_PLAN = [
    {
        "decision_date": "14/09/2015",
        "decision_text": "Sept 2015",
        "item": "Revised Customer Complaints Policy.",
        "service_area": "Customer Services",
        "member_champion": "Councillor Jo Webber",
        "committee": "Regulatory and Support Services Committee.",
    }
]

SUMMARY = "<p>Service Delivery Lead- Annette Wade</p>"

# (title, level, kind) in the plan's own order. The measure cards have no heading of their own
# in the plan: their section is titled as the checklist names it.
SECTIONS = [
    ("Overview of Customer Services", 1, "Narrative (rich text)"),
    ("Forward Planning for Councillors", 1, "Forward plan"),
    ("Summary of performance outputs for Customer Services", 1, "Narrative (rich text)"),
    ("Details of Performance outputs since October 2014", 2, "Actions and projects"),
    ("Service Delivery Plan 2015/2016- Customer Services", 1, "Narrative (rich text)"),
    ("Strategy map", 2, "Narrative (rich text)"),
    ("Measuring Performance:-", 2, "Actions and projects"),
    ("Performance measure cards", 2, "Actions and projects"),
]
OUTPUTS_SECTION = "Details of Performance outputs since October 2014"
MEASURES_SECTION = "Measuring Performance:-"
CARDS_SECTION = "Performance measure cards"

# Each table of 2014/15 outputs: its theme, rows (output, target, actual as printed, status)
# and the 'N.B' variance notes at its foot.
OUTPUTS_COLUMNS = [("title", "Output"), ("target", "Target"), ("latest_note", "Actual")]
MEASURES_COLUMNS = [
    ("title", "Output"),
    ("baseline", "Baseline (from previous year)"),
    ("target", "Target"),
]
# A measure card's rows (the app's card fields), labelled as the first thirteen cards label
# them; the output is the card's own title. Its owner and co-owners are typed as printed.
CARD_LABELS = {
    "responsible": "Owner",
    "other_owners": "Co owner(s)",
    "links": "Links",
    "data_source": "Source of data",
    "reporting_frequency": "Frequency of reporting?",
    "measured_by": "Who measures?",
    "processes": "Please list processes briefly",
    "reporting_timescale": "Reporting timescale",
    "resources": "What resources are needed to ensure success?",
    "cross_service": "Are there opportunities for cross-service working?",
}

OUTPUTS_2014 = [
    {
        "theme": "Adapt service to meet the needs of the customer",
        "rows": [
            (
                "Develop and implement a process for measuring customer services.",
                "2nd January 2015",
                "*Not achieved",
                "Not achieved",
            ),
            (
                "Benchmark customer satisfaction.",
                "31st March 2015",
                "*Not achieved",
                "Not achieved",
            ),
            (
                "Undertake a review of the Council's Customer Service Standards and values.",
                "30th November 2015",
                "*Not achieved",
                "Not achieved",
            ),
        ],
        "notes": [
            "*N.B- These performance measures are to be delivered as part of the Council's "
            "Transformation Agenda."
        ],
    },
    {
        "theme": "Work with partners and services",
        "rows": [
            (
                "Measure and provide monthly reports on avoidable contact. (Avoidable contact is "
                "contact that adds little or no value to the customer-service failures, poor "
                "communication and signposting and progress chasing).",
                "Quarterly",
                "*Not achieved",
                "Not achieved",
            ),
            (
                "Undertake cost benefit analysis of transferring ARP front of house staff into the "
                "Councils Customer Service Teams.",
                "31st October 2014",
                "On-going as further scoping work needed to ensure it meets with the needs of our "
                "partners and of the organisational priorities",
                "On track",
            ),
            (
                "Conduct service meetings with partners to identify areas of improvement and "
                "anticipate and plan for future customer service needs.",
                "Quarterly",
                "Achieved",
                "Achieved",
            ),
            (
                "Pilot system to enable Customer Service staff to manage planned and unplanned "
                "staff absence.",
                "1st November 14",
                "New system in place Jan 2015",
                "Achieved",
            ),
        ],
        "notes": [
            "*N.B-Avoidable contact variation due to problems with the old CRM system which "
            "prevented extraction of this information. However this will be available "
            "imminently."
        ],
    },
    {
        "theme": "Provide single point of contact",
        "rows": [
            (
                "Replace existing Customer Relationship Management system.",
                "2nd January 2015",
                "*Now in place",
                "Achieved",
            ),
            (
                "Review and implement a revised Customer complaint procedure.",
                "2nd January 2015",
                "**Draft procedure written, currently awaiting Member confirmation",
                "Delayed",
            ),
            ("Provide complaint monitoring reports.", "Quarterly", "***As above", "Delayed"),
            (
                "% of Customer contact resolved at first point of contact.",
                "80%",
                "****67%",
                "Not achieved",
            ),
        ],
        "notes": [
            "*N.B-New system went live 10th April 2015 14 weeks overdue. This was due to the "
            "following; Limited capacity due to installation of new Customer Relationship "
            "Management system, staff illness and increase in website work.",
            "**Not yet implemented as revised policy yet to be confirmed by members- planned "
            "committee approval on 14th September 2015",
            "***Not yet undertaken as cannot monitor complaints until the procedures are "
            "implemented",
            "**** This is a National Customer Service Excellence target that we are working "
            "towards. The transformation programme will look at whether this is actually "
            "achievable and if so how and what needs to happen to achieve this.",
        ],
    },
    {
        "theme": "Responsive and accessible services",
        "rows": [
            (
                "Develop and launch new self-service portal on the website.",
                "2nd January 15",
                "*To be launched imminently",
                "Delayed",
            ),
            (
                "Improve self-service signage in reception (meet and greet).",
                "1st December 14",
                "** In place but variation of timescales",
                "Achieved",
            ),
            (
                "Monitor each service's performance and provide monthly service reports.",
                "Monthly",
                "***Imminent – has been provided but have been volumes of calls and method of "
                "contact reports",
                "Delayed",
            ),
        ],
        "notes": [
            "*N.B New self-service portal launches week beginning 29th June 2015. Due to lack "
            "of capacity and the replacement of the new Customer Relationship Management "
            "System, staff illness and increase in work on the website the service was not "
            "able to implement outcome within timescales.",
            "**N.B variation due to lack of capacity with 2 members of staff on long term "
            "sickness.",
            "***N.B. Once service levels have been agreed and configured within the new CRM "
            "system Customer Services will be able to extract performance information",
        ],
    },
    {
        "theme": "Maximise income",
        "rows": [
            (
                "Improve the customer experience and provide the opportunity for multitasking "
                "between ECDC and ARP staff.",
                "2nd February 15",
                "*Delayed",
                "Delayed",
            ),
            (
                "Ability to book a bulky waste collection on line.",
                "2nd January 15",
                "**To be implemented imminently",
                "Delayed",
            ),
            (
                "Ability to pay a parking penalty notice on-line.",
                "2nd January 15",
                "*** To be implemented imminently",
                "Delayed",
            ),
            (
                "Implement chip and pin facility at reception front desk.",
                "1st December 14",
                "****16 weeks overdue",
                "Delayed",
            ),
        ],
        "notes": [
            "*N.B-Partnership working with ARP on-going. Measure is linked to scoping exercise "
            "on aligned services with ARP. Further work needed to ensure that the process is "
            "robust, fit for purpose and meets the needs of our organisation and our partners.",
            "**N.B-Bulky waste collection on-line is not implemented due to the process being "
            "part of the new self-service portal which has not yet gone live but will be "
            "available 29th June 2015.",
            "***N.B-Parking penalty notice on-line is not implemented due to the process being "
            "part of the new self-service portal which has not yet gone live due to capacity "
            "issues but will be available 29th June 2015.",
            "****N.B-Chip and pin variation overdue as a result of a lack of third party "
            "availability.",
        ],
    },
    {
        "theme": "Staff Performance measure",
        "rows": [
            (
                "Ensure all Customer Service Advisors and the CRM/Web team receive adequate "
                "training on relevant ICT systems, policy and procedure, contact handling and "
                "dealing with difficult customers.",
                "Ongoing",
                "Completed",
                "Achieved",
            ),
            ("100% team meetings completed monthly.", "100%", "Completed", "Achieved"),
            (
                "100% of staff one to ones completed at least 4 times per year.",
                "100%",
                "Completed",
                "Achieved",
            ),
            (
                "100% appraisals completed on time.",
                "100%",
                "Have been scheduled in accordance with council timescales",
                "On track",
            ),
            (
                "Service awareness briefings for the Service Delivery Champion.",
                "Quarterly",
                "completed",
                "Achieved",
            ),
        ],
        "notes": [],
    },
]

MEASURES_2015 = [
    {
        "heading": "Performance measure- To work proactively to support the customer experience and "
        "reduce silo working",
        "rows": [
            (
                "To conduct service meetings with all service leads and partners to identify areas "
                "of improvement and anticipate and plan for future customer service needs.",
                "-",
                "Bi - annually",
            ),
            (
                "To undertake a mutually beneficial shadowing programme to increase awareness and "
                "knowledge of areas of expertise.",
                "-",
                "To commence by 1st Sept 2015",
            ),
            (
                "To take a proactive role in the customer services Transformation Programme.",
                "-",
                "Attendance at all creating customer focus groups",
            ),
        ],
    },
    {
        "heading": "Performance measure- To help reduce failure demand across the organisation",
        "rows": [
            (
                "Develop a process to measure avoidable contact on the new CRM system. (Outcome "
                "carried forward from last year)",
                "-",
                "By 1st Oct 2015",
            ),
            (
                'To design a new centralised "3 C\'s" (complaint, comment and compliments) process '
                "to ensure that customer needs are met and appropriate action is implemented "
                "accordingly.",
                "-",
                "By December 2015",
            ),
        ],
    },
    {
        "heading": "Performance measure- To develop the customer relationship management system to "
        "respond to customer service enquiries effectively",
        "rows": [
            (
                "To work in partnership with service representatives across the council to "
                "identify improvement opportunities within the new CRM system.",
                "-",
                "Quarterly focus groups",
            ),
            (
                "To scope development opportunities with Anglia Revenues Partnership to enable "
                "customers to view their council tax and housing benefit accounts on-line.",
                "-",
                "PID for CMT approval by 1st Oct 2015",
            ),
        ],
    },
    {
        "heading": "Performance measure- To be accessible, responsive and flexible to customer needs",
        "rows": [
            (
                "To launch and promote the new self-service portal on the website. (outcome "
                "carried forward from last year)",
                "-",
                "Soft launch to commence 29 June 2015",
            ),
            ("Monitor service performance and provide monthly service reports.", "-", "Quarterly"),
            (
                "To review the “meeter greeter” role, it’s functionality and its attributable "
                "benefits.",
                "-",
                "By June 2015",
            ),
            (
                "To scope “self-service” improvements and maximise the potential of the council’s "
                "reception area.(outcome carried forward from last year)",
                "-",
                "By January 2016",
            ),
        ],
    },
    {
        "heading": "Performance measure - To maximise commercial opportunities of the council’s "
        "websites",
        "rows": [
            ("To develop a new commercially focused tourism website.", "-", "31st December 2015"),
            (
                "To develop an on-line market traders area accessible via the Council’s website.",
                "-",
                "1st December 2015",
            ),
        ],
    },
    {
        "heading": "Performance measure - To support the continued professional development of "
        "customer services",
        "rows": [
            (
                "Ensure all customer service advisors and the CRM/Web team receive adequate "
                "training on relevant ICT systems, policy and procedure, contact handling and "
                "dealing with difficult customers.",
                "-",
                "Ongoing",
            ),
            ("100% team meetings completed monthly.", "-", "100%"),
            ("100% of staff one to ones completed at least 4 times per year.", "-", "100%"),
            (
                "100% appraisals completed annually and within the time frame set by HR.",
                "-",
                "100%",
            ),
            ("Service awareness briefings for Service Delivery Champion.", "-", "Quarterly"),
        ],
    },
]

CARDS = [
    {
        "heading": "Performance Measure - To work proactively to support the customer experience and "
        "reduce silo working",
        "owner": "Annette Wade – Customer Services Manager.",
        "co_owners": "Karen Carter - Customer Engagement Officer. Helen Sarkies - Customer Services "
        "Team leader.",
        "output": "To conduct service meetings with all service leads and partners to identify areas "
        "of improvement and anticipate and plan for future customer needs.",
        "links": "Customer Transformation Programme.",
        "data_source": "Feedback from front and back office. The Council's Corporate Priorities and "
        "Objectives and Performance Indicators. Service Delivery Plans, Performance "
        "reports extracted from the CRM. Statistics and feedback from website and "
        "self service portal.",
        "reporting_frequency": "Twice a year.",
        "measured_by": "Annette Wade – Customer Services Manager.",
        "processes": "• Meetings arranged with service partners and leads.\n"
        "• Agenda and relevant documentation sent out a week prior to meeting. Agenda "
        "to include actions from previous meetings, what currently works well and what "
        "doesn't, scripting and links between front and back office, web pages, "
        "performance reports and service levels, web statistics, customer feedback, "
        "service improvement opportunities and what is coming up.\n"
        "• Improvement/action plan created and circulated along with minutes of "
        "meeting.\n"
        "• Actions requiring additional funding will require submission of business "
        "case to CMT for approval.\n"
        "\n"
        "N.B the processes will support the following; Agreed service specific customer "
        "service awareness/improvement programme. Improved customer service delivery in "
        "terms of meeting customer needs and accessibility, a pro-active rather than a "
        "reactive service provision. Effective change management. Increased resolution "
        "at first point of contact. Reduction in service failure. Ability to manage "
        "resources.",
        "reporting_timescale": "Quarterly.",
        "resources": "• Reports from Customer Relationship Management System.\n"
        "• Web statistics.\n"
        "• Officer time.",
        "cross_service": "Service Leads also meet with ICT for similar reasons. Shared meetings "
        "would reduce Service Lead time and also highlight any issues that can be "
        "resolved by improved ICT.",
    },
    {
        "heading": "Performance measure-To work proactively to support the customer experience and "
        "reduce silo working",
        "owner": "Helen Sarkies – Customer Services Team Leader",
        "co_owners": "Customer Services Manager, Service Leads, Customer Service Advisors and HR.",
        "output": "To undertake a mutually beneficial shadowing programme to increase awareness and "
        "knowledge of areas of expertise between the Customer Service Team and the "
        "services they are supporting.",
        "links": "Customer Transformation Programme.",
        "data_source": "",
        "reporting_frequency": "Twice a year.",
        "measured_by": "Annette Wade – Customer Services Manager.",
        "processes": "• Customer Service Champion allocated for each service.\n"
        "• Shadowing programme for Customer Service Advisors drafted in consultation "
        "and agreement with all Service Leads.\n"
        "• All new starters to spend time in Customer Services as part of induction "
        "process.\n"
        "• Customer Service presence at service team meetings.\n"
        "\n"
        "N.B This process will support the following; Appreciation and understanding of "
        "each other's roles and challenges. Improved Customer Service knowledge base. "
        "Increased admin support for services. Identify service improvement "
        "opportunities.",
        "reporting_timescale": "Bi-annually.",
        "resources": "• Approval and Co-operation from Service Leads and HR.\n• Officer time.",
        "cross_service": "The entire process is an opportunity for cross –service working across the "
        "whole Council.",
    },
    {
        "heading": "Performance measure - To work proactively to support the customer experience and "
        "reduce silo working",
        "owner": "Annette Wade – Customer Services Manager.",
        "co_owners": "Customer Engagement Officer, Customer Services Team leader, Customer Service "
        "Advisors.",
        "output": "To take a proactive role in the Customer Transformation Programme.",
        "links": "Customer Transformation Programme.",
        "data_source": "",
        "reporting_frequency": "As and when required.",
        "measured_by": "Annette Wade – Customer Services Manager.",
        "processes": "• Customer Services Manager and Team Leader to encourage the staff to engage "
        "with the Transformation Programme and make an effective contribution.\n"
        "• Customer Services Manager and Team Leader to attend themselves or nominate "
        "staff if no one comes forward.\n"
        "\n"
        "The process will support the following; Customer Service front line experience "
        "and feedback included in all “Creating Customer Focused Services” focus "
        "groups. Customer Focused Services. Improved customer experience for all of our "
        "customers",
        "reporting_timescale": "Quarterly.",
        "resources": "Officer Time.",
        "cross_service": "The entire process is an opportunity for cross –service working across the "
        "whole Council.",
    },
    {
        "heading": "Performance measure-To help reduce failure demand across the organisation",
        "owner": "Annette Wade – Customer Services Manager.",
        "co_owners": "Karen Carter- Customer Engagement Officer. Sue Garwood-Web/ CRM Development "
        "Officer.",
        "output": "Develop a process to measure avoidable contact on the new CRM system. (Outcome "
        "taken forward from last year)",
        "links": "Customer Transformation Programme.",
        "data_source": "",
        "reporting_frequency": "As and when required.",
        "measured_by": "Annette Wade – Customer Services Manager.",
        "processes": "• Customer Service Manager to draft avoidable contact process and agree what "
        "constitutes avoidable contact with CMT and Service Delivery Leads.\n"
        "• Customer Service Manager to contact Firmstep for details of any of the other "
        "councils using their system to measure avoidable contact.\n"
        "• Customer Service Manager to establish whether this is something that can be "
        "done in house or may need Firmstep consultancy; if the latter the Customer "
        "Service Manager will prepare business case for funding approval and "
        "allocation.\n"
        "\n"
        "The process will help to achieve the following; Valuable feedback to Service "
        "Leads to enable them to identify areas of improvement. Customer focused and "
        "efficient services. Reduction in customer contact and failure demand.",
        "reporting_timescale": "Quarterly performance reports.",
        "resources": "Officer time and possibly Firmstep Consultancy.",
        "cross_service": "",
    },
    {
        "heading": "Performance measure-To help reduce failure demand across the organisation",
        "owner": "Annette Wade – Customer Services Manager.",
        "co_owners": "Corporate Management Team, Service Leads, Council Members.",
        "output": "To design a new centralised “3 C’s” (complaint, comment and compliments) process "
        "to ensure that the customer needs are met, identify any lessons that can be "
        "learnt and ensure appropriate action is implemented accordingly.",
        "links": "Customer Transformation Programme.",
        "data_source": "",
        "reporting_frequency": "Quarterly once system is in place.",
        "measured_by": "Annette Wade – Customer Services Manager.",
        "processes": "• Seek approval of Draft Customer Complaint Comment and Compliment policy from "
        "CMT, Service Leads and Council members.\n"
        "• Configure administration and management of 3”C”s within the Councils "
        "Customer Relationship Management System.\n"
        "• Communicate effectively to all staff throughout the project.\n"
        "\n"
        "The processes will help to achieve the following; New centralised system for "
        "management and recording of all Council complaints. Process for dealing with "
        "vexatious complaints. Consistency in the way the Council deals with "
        "complaints. Effective reporting. Process to Identify lessons learnt and "
        "service improvement opportunities. Process for dealing with vexatious "
        "complaints. Reduction in administration.",
        "reporting_timescale": "December 2015.",
        "resources": "Officer time, Firmstep Consultancy (already paid for).",
        "cross_service": "Sharing of lessons learnt, corrective actions taken and service "
        "improvements implemented as a result of feedback from customers.",
    },
    {
        "heading": "Performance measure-To develop the Customer Relationship Management system to "
        "respond to customer service enquiries effectively",
        "owner": "Annette Wade – Customer Services Manager.",
        "co_owners": "Karen Carter- Customer Engagement Officer. Sue Garwood- Web/CRM Development "
        "Officer. Service Leads.",
        "output": "To work in partnership with service representatives across the council to "
        "identify improvement opportunities within the new CRM system.",
        "links": "Customer Transformation Programme.",
        "data_source": "",
        "reporting_frequency": "Quarterly to Director (Support Services).",
        "measured_by": "Annette Wade – Customer Services Manager.",
        "processes": "• Customer Service Manager to set up quarterly focus groups.\n"
        "• Invite representatives from all service areas and Firmstep account manager.\n"
        "• Agree/develop CRM system development/improvement plan.\n"
        "• Prepare a business case for actions requiring additional consultancy for "
        "submission to CMT for approval.\n"
        "• Implementation of any changes performed under strict change control process "
        "management.\n"
        "• Communicate effectively to all staff throughout the project.\n"
        "\n"
        "The processes will help to achieve the following; CRM System "
        "development/improvement plan. An efficient and effective central point of "
        "contact for all Council customers. An efficient and effective system that is a "
        "valuable asset to all service areas and meets the needs of the users. A system "
        "that supports customer focused service delivery throughout the Council.",
        "reporting_timescale": "Quarterly performance monitoring reports.",
        "resources": "Officer time. Additional funding, if so business case will be submitted for "
        "approval.",
        "cross_service": "The entire process is an opportunity for cross –service working throughout "
        "the whole Council.",
    },
    {
        "heading": "Performance measure-To develop the Customer Relationship Management system to "
        "respond to customer service enquiries effectively",
        "owner": "Annette Wade – Customer Services Manager.",
        "co_owners": "ARP. Karen Carter- Customer Engagement Officer. Sue Garwood- Web/CRM "
        "Development Officer. Service Leads.",
        "output": "To scope development opportunities with Anglia Revenues Partnership to enable "
        "customers to view their Council Tax and Housing Benefit accounts on line.",
        "links": "Customer Transformation Programme.",
        "data_source": "",
        "reporting_frequency": "As and when required.",
        "measured_by": "Annette Wade – Customer Services Manager.",
        "processes": "• Customer Service Manager to set up meeting with ARP, Financial Services "
        "Representative.\n"
        "• Scope/Agree/establish opportunities.\n"
        "• Submit business case to CMT for approval.\n"
        "• Implementation of any changes performed under strict change control process "
        "management.\n"
        "• Communicate effectively to all staff throughout the project.\n"
        "\n"
        "The processes will help to achieve the following; Improved customer experience "
        "and accessibility. Reduction in customer contact.",
        "reporting_timescale": "Quarterly Performance reports.",
        "resources": "Officer time. Additional funding for integration solution between Firmstep CRM "
        "and ARP Financial Systems.",
        "cross_service": "",
    },
    {
        "heading": "Performance Measure - To be accessible, responsive and flexible to customer "
        "needs",
        "owner": "Karen Carter- Customer Engagement Officer. Sue Garwood- Web/CRM Development "
        "Officer.",
        "co_owners": "Annette Wade – Customer Services Manager.",
        "output": "To launch and promote the new self service portal on the website. (Outcome taken "
        "forward from last year).",
        "links": "Customer Transformation Programme.",
        "data_source": "",
        "reporting_frequency": "As and when required.",
        "measured_by": "Annette Wade – Customer Services Manager.",
        "processes": "• Identify self service requirements.\n"
        "• Configure Self-Service Portal system.\n"
        "• Integrate with Council Website.\n"
        "• Integrate with Council's payment system.\n"
        "• Manage transfer of existing CRM self service customers.\n"
        "• Undertake a soft launch.\n"
        "• Promotion in liaison with Council's Communication and Media Manager.\n"
        "• Communicate effectively to all staff throughout the project.\n"
        "\n"
        "The processes will help to achieve the following;\n"
        "\n"
        "On line access to services 24 x7. E-form and payment integration. Ability to "
        "track progress of their contact with the Council. Increase in use of self "
        "service contact (most cost effective contact method). Reduction in alternative "
        "contact methods freeing up officer capacity. Improved customer experience that "
        "meets the needs of the Council's customers.",
        "reporting_timescale": "Quarterly performance reports.",
        "resources": "Officer time.",
        "cross_service": "CRM focus group will contribute to the continuous improvement and "
        "development of the Council's Self Service Portal.",
    },
    {
        "heading": "Performance Measure - To be accessible, responsive and flexible to customer "
        "needs",
        "owner": "Annette Wade – Customer Services Manager.",
        "co_owners": "CMT, Service Leads and all ECDC staff and partners using the Council's system. "
        "Karen Carter- Customer Engagement Officer. Sue Garwood- Web/CRM Development "
        "Officer. Service Leads.",
        "output": "Monitor service performance and provide monthly service reports.",
        "links": "Customer Transformation Programme.",
        "data_source": "Customer Relationship Management System.",
        "reporting_frequency": "Quarterly to Service Leads and CMT.",
        "measured_by": "Annette Wade – Customer Services Manager.",
        "processes": "• Services provide their agreed service levels.\n"
        "• Service Levels added to CRM system to enable performance monitoring.\n"
        "• Customer Services Manager to provide standard set of reports.\n"
        "• Service leads to request any additional reporting requirements.\n"
        "• Reports extracted from the CRM System.\n"
        "• Issued quarterly to service leads and published on the intranet.\n"
        "\n"
        "The processes will help to achieve the following; Will enable service leads to "
        "understand their customer's needs and monitor performance. Identify service "
        "improvements. To confirm if new initiatives have been successful.",
        "reporting_timescale": "Quarterly performance monitoring.",
        "resources": "Officer time, Crystal Reporting Software and appropriate training.",
        "cross_service": "Looking to develop a set of standard reports that individual service leads "
        "can run themselves and change basic parameters to meet their reporting "
        "needs.",
    },
    {
        "heading": "Performance Measure- To be accessible, responsive and flexible to customer needs",
        "owner": "Helen Sarkies – Customer Services Team leader.",
        "co_owners": "Annette Wade – Customer Services Manager. Customer Service Advisors.",
        "output": "To review the “meeter greeter” role, its functionality and attributable benefits.",
        "links": "Customer Transformation Programme.",
        "data_source": "Telephone System Statistics, Meeter Greeter Charts, Customer Service Rota. "
        "Customer and Officer feedback.",
        "reporting_frequency": "Quarterly Performance Reports.",
        "measured_by": "Annette Wade – Customer Services Manager.",
        "processes": "• Gather relevant information to feed in to review i.e. impact on telephone "
        "stats, numbers of people seen/assisted, time spent providing the service, "
        "scope of the service they are able to provide etc.\n"
        "• Visit and talk to other Councils that provide the meet and greet service.\n"
        "• Report finding to Director (Support Services) and Member Service Champion.\n"
        "\n"
        "The processes will help to achieve the following; Valuable use of Customer "
        "Service resource. Improved face to face customer contact experience. No "
        "detrimental impact on the other services delivered by the Customer Service "
        "Team.",
        "reporting_timescale": "By June 2015.",
        "resources": "Officer time.",
        "cross_service": "",
    },
    {
        "heading": "Performance Measure - To be accessible, responsive and flexible to customer "
        "needs",
        "owner": "Helen Sarkies – Customer Services Team leader.",
        "co_owners": "Annette Wade – Customer Services Manager. Customer Service Advisors.",
        "output": "To scope “self-service “improvements and maximise the potential of the Council’s "
        "reception area.",
        "links": "Customer Transformation Programme.",
        "data_source": "Statistics re: existing usage.",
        "reporting_frequency": "As and when required.",
        "measured_by": "Annette Wade – Customer Services Manager.",
        "processes": "• Discuss at Customer Service Team meeting.\n"
        "• Invite and encourage ideas and contributions from all services within the "
        "Council.\n"
        "• Seek customer feedback.\n"
        "• Visit and talk to other councils offering self service within their "
        "Reception area.\n"
        "• Report findings to Richard Quayle - Director of Support Services.\n"
        "\n"
        "The processes will help to achieve the following; Self Service Improvement "
        "Action Plan. Business case for improvements requiring additional funding.",
        "reporting_timescale": "Quarterly performance reports.",
        "resources": "Officer time.",
        "cross_service": "",
    },
    {
        "heading": "Performance measure - To maximise commercial opportunities of the Council's "
        "websites",
        "owner": "Sue Garwood - CRM/Web development Officer.",
        "co_owners": "Annette Wade – Customer Services Manager. Tracy Harding - Team Leader Markets, "
        "Town Centres and Tourism.",
        "output": "To develop a new commercially focused tourism website.",
        "links": "Markets and Town centres Service Plan.",
        "data_source": "",
        "reporting_frequency": "As and when required.",
        "measured_by": "Annette Wade – Customer Services Manager.",
        "processes": "• To meet with the Team Leader for Markets, Town Centres and Tourism to "
        "understand and document their requirements and timescales.\n"
        "• Identify any funding requirements and contribute to the development of a "
        "business case.\n"
        "• Develop project plan - to include key milestones and project meetings.\n"
        "• Implement under strict change control processes.\n"
        "• Provide training and user notes for all staff to be able to maintain the "
        "Tourism Site independently.\n"
        "\n"
        "The processes will help to achieve the following; Self sufficient - maintained "
        "and managed by the Tourist Information Team. Increased functionality. "
        "Increased revenue. Increased control.",
        "reporting_timescale": "Quarterly performance report.",
        "resources": "Officer Time. Andy Grant Council's web developer. Funding for web consultancy "
        "if cannot be achieved by in house web team.",
        "cross_service": "Markets, Town Centres and Tourism Service.",
    },
    {
        "heading": "Performance Measure - To maximise commercial opportunities of the Council's "
        "websites",
        "owner": "Sue Garwood - CRM/Web Development Officer.",
        "co_owners": "Annette Wade – Customer Services Manager. Julia Davis - Town Centres Officer. "
        "Tracy Harding - Manager, Markets, Town Centres and Tourism Service.",
        "output": "To develop an on-line market traders area accessible via the Council's website.",
        "links": "Markets, Town Centres and Tourism Service Plan.",
        "data_source": "",
        "reporting_frequency": "As and when required.",
        "measured_by": "Annette Wade – Customer Services Manager.",
        "processes": "• Customer Services Manager and Firmstep to meet with the Markets Development "
        "Officer & The Markets, Town Centres and Tourism Manager to understand and "
        "document their requirements and timescales.\n"
        "• Identify any funding requirements and contribute to the development of a "
        "business case.\n"
        "• Develop project plan - to include key milestones and project meetings.\n"
        "• Implement under strict change control processes.\n"
        "• Provide training and user notes for all staff concerned.\n"
        "\n"
        "The processes will help to achieve the following; Reduction in officer time "
        "managing market traders. Central database for market traders.",
        "reporting_timescale": "Quarterly performance reporting.",
        "resources": "Officer time. Firmstep representative. Funding for consultancy required if "
        "cannot be achieved by on-site web team.",
        "cross_service": "",
    },
    {
        "heading": "Performance Measure - To support the continued professional development of "
        "Customer Services",
        "owner": "Annette Wade - Customer Services Manager. Helen Sarkies - Customer Services Team "
        "Leader.",
        "co_owners": "Customer Service Advisors. Karen Carter- Customer Engagement Officer. Sue "
        "Garwood- Web/CRM Development Officer.",
        "output": "Ensure all customer service advisors and the CRM Web team receive adequate "
        "training to successfully fulfil their duties, including emerging schemes such as "
        "Universal Credit etc.",
        "links": "Team performance and appraisal process.",
        "data_source": "",
        "reporting_frequency": "As and when required.",
        "measured_by": "Customer Services Manager, Customer Services team Leader.",
        "processes": "• Training needs will be identified at one to ones, team meetings and at "
        "midterm and annual appraisals.\n"
        "• To ensure that the service is up to date with new or emerging schemes such "
        "as Universal Credit, which will have an impact on the service.\n"
        "\n"
        "The processes will help to achieve the following; Trained staff capable of "
        "achieving their accountabilities. Increase in staff morale, confidence and job "
        "satisfaction. Better quality in terms of service delivery and execution and "
        "faster response times. Respect from customers and colleagues. The Service will "
        "be responsive to new and emerging schemes e.g. Universal Credit etc.",
        "reporting_timescale": "Quarterly performance reports.",
        "resources": "Officer time. Funding for training courses.",
        "cross_service": "Seek to share Customer Service Training with our partners i.e. Sanctuary "
        "Housing and ARP or other Councils.",
    },
    {
        "heading": "Performance Measure - To support the continued professional development of "
        "Customer Services",
        "owner": "Annette Wade - Customer Services Manager.",
        "co_owners": "Customer Service Team.",
        "output": "100% team meetings completed monthly.",
        "links": "Team Performance and appraisal process.",
        "data_source": "",
        "reporting_frequency": "Monthly.",
        "measured_by": "Annette Wade - Customer Services Manager",
        "processes": "• Customer Service Manager to circulate dates and invite items for agenda.\n"
        "• Customer Service Manager to circulate agenda – standing items to include; "
        "CMT update, Service Delivery Champion update, Service Plan and performance "
        "against priorities, what is working well and what service improvements could "
        "be made, what is coming up.\n"
        "• Meetings documented and actions notes circulated.\n"
        "• Actions monitored to completion.\n"
        "\n"
        "The processes will help to achieve the following; Communication channel to "
        "discuss and receive updates on all aspects of the Council's business. "
        "Opportunity for staff and Service Delivery Champion to discuss performance and "
        "identify and contribute to service improvement opportunities. Improved Team "
        "Working. Informed and included staff. Improved customer service.",
        "reporting_timescale": "Quarterly performance reporting.",
        "resources": "Officer time. Funding for overtime /additional hours for all staff attending "
        "with the exception of the Customer Services manager.",
        "cross_service": "Other services to attend our team meeting to explain changes to services "
        "for example or any new initiatives that will have an impact on the "
        "customer as and when necessary.",
    },
    {
        "heading": "Performance measure- To support the continued professional development of "
        "Customer Services",
        "owner": "Annette Wade - Customer Services Manager.",
        "co_owners": "Customer Service Team",
        "output": "100% of staff one to ones completed at least 4 times per year.",
        "links": "Team performance and appraisal process.",
        "data_source": "",
        "reporting_frequency": "At least quarterly.",
        "measured_by": "Customer Services Manager.",
        "processes": "• Meetings arranged with individual staff.\n"
        "• Discussion will include individual work/action plans, performance, and "
        "training needs.\n"
        "• Meeting and action documented and circulated.\n"
        "• Actions monitored until completed.\n"
        "• Issues that arise regarding performance dealt with in a timely manner.\n"
        "\n"
        "The processes will help to achieve the following; Opportunity for individual "
        "members of the team to raise and discuss issues of concern, individual "
        "performance and identify any training needs. Informed and included staff. "
        "Improved staff morale.",
        "reporting_timescale": "Quarterly performance reports.",
        "resources": "Officer time.",
        "cross_service": "",
    },
    {
        "heading": "Performance measure- To support the continued professional development of "
        "Customer Services",
        "owner": "Annette Wade - Customer Services Manager & Helen Sarkies - Customer Services Team "
        "Leader.",
        "co_owners": "Customer Service Advisors Karen Carter- Customer Engagement Officer. Sue "
        "Garwood- Web/CRM Development Officer.",
        "output": "100% appraisals completed annually and within the time frame set by HR.",
        "links": "HR Policy and Procedure.",
        "data_source": "",
        "reporting_frequency": "Yearly/mid-term reporting",
        "measured_by": "HR.",
        "processes": "- Customer Services Manager & Customer Services Team Leader to book appraisals "
        "with staff and issue paperwork for staff to and complete and return prior to "
        "appraisal.\n"
        "- Appraisal completed and Customer Services Manager & Customer Services Team "
        "Leader add their comments.\n"
        "- Completed paper work is passed back to team members for review and final "
        "signature.\n"
        "- Completed appraisals to be sent to HR.",
        "reporting_timescale": "Yearly/mid-term performance reporting",
        "resources": "Officer time",
        "cross_service": "",
    },
    {
        "heading": "Performance measure-To support the continued professional development of "
        "Customer Services",
        "owner": "Annette Wade – Customer Services Manager.",
        "co_owners": "Service Delivery Champion. Customer Service Team.",
        "output": "Service awareness briefings for Service Delivery Champion.",
        "links": "",
        "data_source": "",
        "reporting_frequency": "Quarterly or as required.",
        "measured_by": "Annette Wade - Customer Services Manager.",
        "processes": "• Customer Services Manager to invite Service Delivery Champion to quarterly "
        "meetings.\n"
        "• Service Delivery Champion invited to monthly Team Meetings.\n"
        "• Service Delivery Champion invited to shadow the team if they wish.\n"
        "• Service Delivery Champion included in the distribution of all performance "
        "reports.\n"
        "\n"
        "The processes will help to achieve the following; Service Delivery Champion "
        "understands the role, the aims and challenges of the Customer Services Team, "
        "how the service is being operated and its budget. Critical friend. Effective "
        "contribution to the Customer Services Service Plan and improvement "
        "opportunities. Voice of customer services within the member arena and be able "
        "to report on Customer Service activities, promote achievements and respond to "
        "questions and enquiries.",
        "reporting_timescale": "Quarterly performance reports.",
        "resources": "Officer time and Service Delivery Champion.",
        "cross_service": "",
    },
]
