"""Demo content: a Best Value self-assessment in the shape IJBs use, an MSG
self-evaluation quoted from North Ayrshire IJB's 2019 return, and an audit
action plan quoted from Scottish Borders' Best Value Audit Action Plan.

Evidence and actions (criterion ref -> rows) for the Best Value assessment.
"""

BV_PERIOD = "2023/24"

COPRODUCTION_ACTION = (
    "An updated Coproduction and Engagement Framework will be approved by September 2024",
    "Head of Strategic Planning",
    "2024-09-30",
    "",
    "in_progress",
    "",
)

# ref: (rating label, summary, [evidence], [(action, lead, due "YYYY-MM-DD" or "", timescale, status, report ref)])
BV_ENTRIES = {
    "1.1": (
        "Good",
        "The vision is shared with partners and communities and set out in the Strategic Plan.",
        [
            "The Strategic Plan 2023-26 was developed with the Strategic Planning Group, localities, "
            "the third and independent sectors and carers, and approved by the IJB in March 2023.",
            "Locality planning forums met quarterly and fed local priorities into the plan.",
        ],
        [
            COPRODUCTION_ACTION,
            (
                "Report progress on the Strategic Plan to every IJB meeting",
                "Chief Officer",
                "",
                "Ongoing",
                "in_progress",
                "",
            ),
        ],
    ),
    "2.1": (
        "Good",
        "Governance is transparent, with public meetings and published papers.",
        [
            "IJB and committee papers and minutes are published on the IJB website.",
            "The Audit, Risk and Governance Committee reviewed the Local Code of Corporate Governance in June 2023.",
        ],
        [
            (
                "Review the IJB's Scheme of Integration with both partners",
                "Chief Officer",
                "2025-03-31",
                "",
                "not_started",
                "",
            )
        ],
    ),
    "3.F.1": (
        "Adequate",
        "Budgets follow the Strategic Plan; the medium-term financial plan needs refreshing.",
        [
            "The 2023/24 budget was agreed by the IJB in March 2023 with directions to both partners.",
            "Monthly financial monitoring reports go to the IJB and the Senior Management Team.",
        ],
        [
            (
                "Refresh the Medium Term Financial Plan to cover 2024-29",
                "Chief Finance Officer",
                "2024-03-31",
                "",
                "in_progress",
                "",
            ),
            (
                "Align savings plans with the Strategic Plan priorities",
                "Chief Finance Officer",
                "",
                "TBC",
                "not_started",
                "",
            ),
        ],
    ),
    "4.2": (
        "Good",
        "",
        ["The IJB took part in the Community Planning Partnership's board and its locality plans."],
        [],
    ),
    "5.1": (
        "Weak",
        "Engagement happens but is not yet planned across the partnership.",
        [
            "A Participation and Engagement Strategy was approved in 2019 and is out of date.",
        ],
        [
            COPRODUCTION_ACTION,
        ],
    ),
    "6.1": ("", "", [], []),
    "7.1": (
        "Good",
        "",
        ["Equality impact assessments are published for every IJB decision that needs one."],
        [
            (
                "Publish the Equality Outcomes progress report",
                "Equalities Lead",
                "",
                "Annually",
                "not_started",
                "",
            )
        ],
    ),
}

# Quoted from 002_d21472b583a0ec77.txt: improvement area -> actions.
AUDIT_SOURCE = "Best Value Audit Action Plan"
AUDIT_RECOMMENDATIONS = [
    (
        "Embed a culture of Continuous improvement by implementing a corporate approach to self "
        "evaluation and benchmarking",
        [
            (
                "Adopt PSIF as a corporate approach to self evaluation where no service-specific model is "
                "not already in place. Ensure read- across with all services.",
                "31 Mar 20",
                "J Craig",
                "",
            ),
            (
                "As part of regular Corporate Management Team performance monitoring, review service "
                "self-evaluation arrangements, including use of peer evaluations.",
                "30 Jun 20",
                "J Craig",
                "67",
            ),
            (
                "Incorporation of self-evaluation and benchmarking data into annual planning process, "
                "ensuring learnings inform planned actions.",
                "30 Apr 20",
                "D Robertson / J Craig",
                "",
            ),
        ],
    ),
    (
        "Update its people plan for 2017 -21 and ensure longer term workforce plans are reflected in "
        "service and financial plans",
        [
            (
                "Launch a new appraisal process for staff based on the updated competency framework.",
                "31 Mar 20",
                "C Hepburn",
                "",
            ),
            (
                "People planning to be undertaken using a consistent approach as part of Fit For 2024, "
                "taking into account Fit for 2024 design principles, staff turnover, succession planning, "
                "talent management and future operating models.",
                "Start now / ongoing",
                "C Hepburn",
                "149",
            ),
        ],
    ),
]

# Quoted from 004_3f72861613464fe3.txt (North Ayrshire IJB, 2019).
MSG_PERIOD = "2019"
MSG_ENTRIES = {
    "1.1": (
        "Established",
        [
            "Joint Inspection (Adults) effectiveness of strategic planning in NAHSCP published in March 2019 "
            "graded leadership and direction that promotes the partnership as ‘good’, highlighting that: "
            "the vision is evident, widely understood and supported across the partnership; at a senior "
            "level there is collaborative leadership and involvement in decision making at a pan-Ayrshire level",
            "Senior Partnership Operational Group (SPOG) supports approach to collaborative leadership across Ayrshire",
            "NAHSCP senior leaders and professional leads are represented on national groups, providing "
            "opportunity for networking, collective work on priorities and shared learning",
        ],
        [
            "NAHSCP Workforce Development Strategy includes an action for the partnership to develop "
            "succession planning for key leadership positions",
            "Review of support service arrangements, including opportunities to bring support within the "
            "HSCP and to formalise the support arrangement between the HSCP and Council/Health Board",
        ],
    ),
    "1.2": (
        "Established",
        [
            "Inclusive approach – information sharing, present at members seminars part of wider Council "
            "Chief Officers leadership group",
            "Established CPP structures enhanced with other forums for collaborative working",
            "Co-location of staff, shared property portfolio and Joint Property Group in place to manage "
            "shared interests",
        ],
        ["Establishing more routine cross party meetings HB/Council outwith the budget process"],
    ),
    "1.3": (
        "Established",
        [
            "Representation of Third and Independent Sector at IJB, Strategic Planning Group and on "
            "Locality Planning Forums",
            "Established network of social care provider forums to share information, knowledge and gain "
            "feedback from providers",
        ],
        [
            "Greater involvement of third and independent sector in the development of commissioning "
            "strategies, commencing with the Older People’s Care Home Strategy",
        ],
    ),
}
