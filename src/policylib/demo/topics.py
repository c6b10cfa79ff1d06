"""The wording of the demo documents, by topic: what each kind of document talks about.

`prose.compose` builds a document's text from its record and one of these topics, so the words
of a detention directive are about detention and those of a health directive about health care.
`keywords` are words every document of the topic is sure to contain.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Topic:
    """The vocabulary and stock sentences of one subject area."""

    focus: str
    keywords: tuple[str, ...]
    scope: str
    background: tuple[str, ...]
    statements: tuple[str, ...]
    actors: tuple[tuple[str, str], ...]
    steps: tuple[str, ...]
    definitions: tuple[tuple[str, str], ...]
    authorities: tuple[str, ...]
    records: str


INA = "Immigration and Nationality Act (INA), 8 U.S.C. 1101 et seq."
HSA = "Homeland Security Act of 2002, Pub. L. 107-296, 116 Stat. 2135"
EARM = "ENFORCE Alien Removal Module (EARM)"

TOPICS: dict[str, Topic] = {
    "escort": Topic(
        focus="the escorting of aliens in custody and requests to deviate from the escort policy",
        keywords=("escort", "deviation", "HQDRO"),
        scope=(
            "This {kind} applies to every escort of an alien in DRO custody, whether by ground, "
            "commercial air, or charter aircraft, and to every request for a deviation from the "
            "escort requirements of the HQDRO Enforcement Standard."
        ),
        background=(
            "The Enforcement Standard on escorting aliens in custody sets the number of escorting "
            "officers required for each alien, the restraints to be used, and the notifications "
            "to be made before travel.",
            "Field offices have reported cases in which strict compliance with the escort policy "
            "is impossible or impractical, such as removals to remote locations served only by "
            "small aircraft, or the escort of a single compliant alien on a short domestic flight.",
        ),
        statements=(
            "No deviation from the escort policy is permitted without the express approval of "
            "HQDRO in the specific case.",
            "A request for deviation must be made in writing by the Field Office Director and "
            "must explain why strict compliance is impossible or impractical.",
            "HQDRO will consider each request on a case-by-case basis and will make the final "
            "determination as to whether a deviation is permitted.",
            "An approved deviation applies only to the alien, itinerary, and dates named in the "
            "approval; it is not a precedent for any other escort.",
            "Where a deviation is approved, the escorting officers must still carry the alien's "
            "travel documents, the Form I-216, and any medical transfer summary.",
            "High-risk aliens, including those with a history of violence or escape, will not be "
            "escorted under a reduced escort ratio.",
        ),
        actors=(
            (
                "Field Office Directors",
                "submit deviation requests to HQDRO at least ten business days before the planned "
                "travel, except in an emergency, and ensure that approved conditions are followed.",
            ),
            (
                "Supervisory Detention and Deportation Officers",
                "prepare the escort plan, assess the risk posed by each alien, and recommend "
                "whether a deviation should be requested.",
            ),
            (
                "Escorting officers",
                "follow the approved escort plan, keep the alien in custody at all times, and "
                "report any incident during the escort to the supervisor on duty.",
            ),
            (
                "The HQDRO Removal Management Division",
                "reviews each deviation request, consults the Office of Field Operations where "
                "needed, and issues a written decision.",
            ),
        ),
        steps=(
            "Prepare the escort plan, listing the alien, the itinerary, the number of escorting "
            "officers, and the restraints to be used.",
            "Assess the alien's criminal history, escape risk, medical condition, and behavior in "
            "detention.",
            "If strict compliance with the escort ratio is impossible or impractical, prepare a "
            "deviation request memorandum for the Field Office Director's signature.",
            "Send the deviation request to HQDRO by electronic mail with the escort plan and the "
            "risk assessment attached.",
            "Do not begin travel under the proposed deviation until the written approval of HQDRO "
            "is received.",
            "File the approval, the escort plan, and the escort report in the alien's A-file.",
        ),
        definitions=(
            (
                "Escort",
                "The accompaniment of an alien in custody by one or more officers from a detention "
                "facility to a destination, including a port of departure.",
            ),
            (
                "Deviation",
                "Any departure from the escort ratios, restraint requirements, or notification "
                "requirements of the Enforcement Standard.",
            ),
            (
                "Escort ratio",
                "The number of escorting officers required for each alien in custody.",
            ),
            (
                "High-risk alien",
                "An alien who, because of criminal history, escape history, or behavior, presents "
                "an elevated risk to officers or the public during an escort.",
            ),
        ),
        authorities=(
            INA,
            "INA section 241, 8 U.S.C. 1231, Detention and removal of aliens ordered removed",
            "8 CFR 241.3, Detention of aliens during removal period",
            "DRO Enforcement Standard: Escorting Aliens in Custody",
        ),
        records=(
            "Escort plans, deviation requests, and HQDRO decisions are kept in the alien's A-file "
            f"and each escort is recorded in the {EARM}."
        ),
    ),
    "fugitive": Topic(
        focus="the National Fugitive Operations Program and the work of Fugitive Operations Teams",
        keywords=("fugitive", "Fugitive Operations Team", "target"),
        scope=(
            "This {kind} applies to every Fugitive Operations Team (FOT) and to all DRO officers "
            "who locate, arrest, and process fugitive aliens, including the supervisors who "
            "assign targets and report on fugitive cases."
        ),
        background=(
            "A fugitive alien is an alien who has failed to leave the United States after a final "
            "order of removal, or who has failed to report to ICE after receiving notice to do so.",
            "The National Fugitive Operations Program (NFOP) directs Fugitive Operations Teams to "
            "reduce the fugitive backlog, giving priority to fugitives who pose a threat to the "
            "nation or the community, including those with criminal convictions.",
        ),
        statements=(
            "Each Fugitive Operations Team will work its cases in priority order, beginning with "
            "fugitives who pose a threat to national security and fugitives with violent criminal "
            "histories.",
            "Every target must have a current, approved target folder before an arrest is "
            "attempted.",
            "Fugitive case activity, including arrests, leads, and case closures, will be entered "
            "in the Fugitive Case Management System (FCMS) within two business days.",
            "Each Fugitive Operations Team is expected to achieve at least 1,000 arrests a year, "
            "and field offices will report progress toward that goal monthly.",
            "Fugitive Operations Teams will not be assigned to duties other than fugitive "
            "operations without the approval of HQDRO.",
            "Monthly operations will be prioritized using the case categories set by HQDRO, and "
            "the results reported at the end of each month.",
        ),
        actors=(
            (
                "Field Office Directors",
                "ensure that each Fugitive Operations Team is staffed, equipped, and used for "
                "fugitive operations, and approve each operational plan.",
            ),
            (
                "Supervisory Detention and Deportation Officers",
                "assign fugitive cases, review target folders, and certify the monthly FCMS "
                "report for their team.",
            ),
            (
                "Deportation Officers assigned to a Fugitive Operations Team",
                "research leads, prepare target folders, locate and arrest fugitive aliens, and "
                "record all case activity in FCMS.",
            ),
            (
                "The HQDRO National Fugitive Operations Program",
                "sets annual goals, reviews monthly reports from every field office, and "
                "standardizes operational plans across the program.",
            ),
        ),
        steps=(
            "Review the fugitive case list each month and rank cases by the priority categories.",
            "Prepare a target folder for each fugitive to be located, with photographs, "
            "criminal history, last known address, and the final order of removal.",
            "Obtain supervisory approval of the target folder and of the operational plan.",
            "Brief all team members on the operational plan before the operation begins.",
            "Record each arrest, lead, and case closure in FCMS within two business days.",
            "Certify the monthly FCMS report and send it to the HQDRO National Fugitive "
            "Operations Program.",
        ),
        definitions=(
            (
                "Fugitive alien",
                "An alien who has failed to leave the United States after a final order of "
                "removal, deportation, or exclusion, or who has failed to report to ICE after "
                "receiving notice to do so.",
            ),
            (
                "Fugitive Operations Team (FOT)",
                "A team of Deportation Officers and support staff dedicated to locating and "
                "arresting fugitive aliens.",
            ),
            (
                "Target folder",
                "The file assembled on a fugitive before an arrest is attempted, containing "
                "identification, history, location, and the removal order.",
            ),
            (
                "Fugitive Case Management System (FCMS)",
                "The system in which Fugitive Operations Teams record fugitive case activity.",
            ),
        ),
        authorities=(
            INA,
            "INA section 287, 8 U.S.C. 1357, Powers of immigration officers and employees",
            "INA section 241, 8 U.S.C. 1231",
            "8 CFR 287.8, Standards for enforcement activities",
        ),
        records=(
            "Target folders, operational plans, and arrest reports are retained in the Fugitive "
            "Case Management System (FCMS) and in the alien's A-file."
        ),
    ),
    "tactics": Topic(
        focus="the planning and execution of fugitive operations arrests",
        keywords=("fugitive", "target folder", "operational plan", "tactical"),
        scope=(
            "This {kind} applies to every Fugitive Operations Team and to any DRO officer who "
            "takes part in the arrest of a fugitive target, including officers detailed from "
            "other programs."
        ),
        background=(
            "The arrest of a fugitive alien at a residence or place of employment is among the "
            "most dangerous tasks a DRO officer performs.",
            "Careful research of each target, a complete target folder, a written operational "
            "plan, and a tactical briefing before every operation protect officers, the public, "
            "and the alien.",
        ),
        statements=(
            "No fugitive operation will begin without a written operational plan approved by a "
            "supervisor and a tactical briefing of every participant.",
            "Each target folder must contain a recent photograph, a criminal history check, an "
            "NCIC query run within 72 hours of the operation, and a description of the location.",
            "The operational plan will name the team leader, assign each officer a tactical "
            "position, and identify the nearest hospital and the local law enforcement contact.",
            "Local law enforcement will be notified before any operation in its jurisdiction, "
            "unless the Field Office Director determines that notice would endanger officers.",
            "Officers will wear body armor and clearly visible police identification during "
            "every arrest.",
        ),
        actors=(
            (
                "Field Office Directors",
                "approve operational plans for operations with more than five targets and ensure "
                "that tactical training is current for every team member.",
            ),
            (
                "Team leaders",
                "prepare the operational plan, conduct the tactical briefing, and direct the "
                "operation from start to finish.",
            ),
            (
                "Deportation Officers",
                "research each target, assemble the target folder, and carry out the tactical "
                "assignments in the operational plan.",
            ),
        ),
        steps=(
            "Research the target and assemble the target folder.",
            "Run NCIC and local warrant checks within 72 hours of the operation.",
            "Conduct surveillance of the target location where practicable.",
            "Prepare the operational plan and obtain supervisory approval.",
            "Hold the tactical briefing and record the names of all participants.",
            "After the operation, hold a debriefing and record the results in FCMS.",
        ),
        definitions=(
            (
                "Operational plan",
                "The written plan for an arrest operation, approved by a supervisor, listing the "
                "targets, participants, tactical assignments, and emergency contacts.",
            ),
            (
                "Tactical briefing",
                "The meeting held before an operation at which the team leader explains the plan "
                "and each officer's assignment.",
            ),
            (
                "Target folder",
                "The file assembled on a fugitive before an arrest is attempted.",
            ),
        ),
        authorities=(
            "INA section 287, 8 U.S.C. 1357",
            "8 CFR 287.8, Standards for enforcement activities",
            "ICE Interim Use of Force Policy",
        ),
        records=(
            "Operational plans, briefing rosters, and debriefing notes are kept by the team "
            "leader for three years and summarized in FCMS."
        ),
    ),
    "ncic": Topic(
        focus="National Crime Information Center (NCIC) checks and records",
        keywords=("NCIC", "National Crime Information Center", "warrant"),
        scope=(
            "This {kind} applies to all DRO officers who enter, validate, or query records in the "
            "National Crime Information Center (NCIC), and to every release or removal of an "
            "alien from DRO custody."
        ),
        background=(
            "The National Crime Information Center (NCIC) is the FBI's nationwide index of "
            "wanted persons, warrants, and other records, used by law enforcement agencies "
            "across the country.",
            "Placing fugitive cases in the NCIC Immigration Violator File lets any officer who "
            "encounters a fugitive alien learn of the removal order, and checking NCIC before a "
            "release or removal makes sure no outstanding warrant or detainer is overlooked.",
        ),
        statements=(
            "Every fugitive case will be entered in the NCIC Immigration Violator File within "
            "ten days of the alien becoming a fugitive.",
            "NCIC records will be validated at the intervals required by the FBI, and records "
            "for aliens who have been arrested or removed will be cleared promptly.",
            "Before any alien is released or removed, officers will query NCIC to make sure the "
            "alien is clear of warrants, detainers, and other law enforcement interests.",
            "When a query shows an outstanding warrant, the officer will contact the agency that "
            "issued the warrant before the release or removal proceeds.",
            "Only officers who have completed NCIC certification training may enter or modify "
            "NCIC records.",
        ),
        actors=(
            (
                "Field Office Directors",
                "designate an NCIC coordinator for the field office and ensure that NCIC "
                "validation is completed on time.",
            ),
            (
                "NCIC coordinators",
                "enter and validate records, train officers in NCIC procedures, and keep the "
                "certification roster current.",
            ),
            (
                "Deportation Officers",
                "query NCIC before any release or removal and record the result in the alien's "
                "file.",
            ),
        ),
        steps=(
            "Query NCIC using the alien's name, date of birth, and FBI number where known.",
            "Print the NCIC response and place it in the A-file.",
            "If a warrant or detainer is found, confirm it with the issuing agency.",
            "Notify the issuing agency of the planned release or removal date.",
            "Record the NCIC check and any notifications in EARM before the release or removal.",
            "Clear the NCIC Immigration Violator File record when the alien is arrested or "
            "removed.",
        ),
        definitions=(
            (
                "NCIC",
                "The National Crime Information Center, a computerized index of criminal justice "
                "information maintained by the FBI.",
            ),
            (
                "Immigration Violator File",
                "The NCIC file that holds records of fugitive aliens, deported felons, and "
                "absconders.",
            ),
            (
                "Validation",
                "The periodic confirmation that an NCIC record is complete, accurate, and still "
                "outstanding.",
            ),
        ),
        authorities=(
            "28 U.S.C. 534, Acquisition, preservation, and exchange of identification records",
            "28 CFR Part 20, Criminal Justice Information Systems",
            "NCIC Operating Manual",
        ),
        records=(
            "NCIC responses are kept in the A-file, and the check is recorded in the "
            f"{EARM} before the alien leaves custody."
        ),
    ),
    "detention": Topic(
        focus="the safe, secure, and humane detention of aliens in DRO custody",
        keywords=("detention", "detainee", "facility"),
        scope=(
            "This {kind} applies to every detention facility that holds ICE detainees, including "
            "Service Processing Centers, Contract Detention Facilities, and state and local "
            "facilities used under intergovernmental service agreements."
        ),
        background=(
            "DRO detains aliens to secure their appearance at proceedings and their removal from "
            "the United States. Detention is civil, not punitive.",
            "The National Detention Standards set the conditions of confinement that every "
            "facility holding ICE detainees must meet, from classification and visitation to "
            "access to legal materials.",
        ),
        statements=(
            "Every detainee will be classified on arrival and housed according to that "
            "classification.",
            "Detainees will not be housed in a facility that has received a deficient rating "
            "until the deficiency is corrected and the correction verified.",
            "Each detention facility will be reviewed at least once a year against the National "
            "Detention Standards.",
            "Detainees will have access to legal materials, telephones, and visitation as the "
            "detention standards require.",
            "Counsel of record will be notified when a detainee is transferred to another "
            "facility.",
            "The use of administrative or disciplinary segregation will be documented and "
            "reviewed by a supervisor.",
        ),
        actors=(
            (
                "Field Office Directors",
                "ensure that each detention facility in the area of responsibility meets the "
                "detention standards and that deficiencies are corrected.",
            ),
            (
                "Officers in charge of detention facilities",
                "operate the facility in keeping with the detention standards and report any "
                "significant incident involving a detainee.",
            ),
            (
                "Detention and Deportation Officers",
                "monitor detainee cases, respond to detainee requests, and visit the detention "
                "facilities where their detainees are held.",
            ),
            (
                "The HQDRO Detention Management Division",
                "schedules annual reviews, tracks corrective action plans, and advises field "
                "offices on the detention standards.",
            ),
        ),
        steps=(
            "Review the detainee's A-file and criminal history at intake.",
            "Classify the detainee and assign housing in the facility.",
            "Provide the detainee with the facility handbook and the local rules.",
            "Record the book-in, any transfer, and the release in the Deportable Alien Control "
            "System or EARM.",
            "Schedule the detainee's custody review at the required intervals.",
            "Before any transfer, notify counsel of record and send the medical transfer summary "
            "with the detainee.",
        ),
        definitions=(
            (
                "Detainee",
                "An alien held in the custody of ICE in a detention facility.",
            ),
            (
                "Detention facility",
                "A Service Processing Center, Contract Detention Facility, or state or local "
                "facility holding ICE detainees.",
            ),
            (
                "Classification",
                "The process of assigning a detainee a custody level based on criminal history, "
                "behavior, and other factors.",
            ),
            (
                "Intergovernmental Service Agreement (IGSA)",
                "An agreement with a state or local government to house ICE detainees.",
            ),
        ),
        authorities=(
            "INA section 236, 8 U.S.C. 1226, Apprehension and detention of aliens",
            "INA section 241, 8 U.S.C. 1231",
            "8 CFR Part 235 and Part 241",
            "ICE National Detention Standards",
        ),
        records=(
            "Detention records, including classification forms, transfer notices, and custody "
            "reviews, are kept in the detainee's file and recorded in EARM."
        ),
    ),
    "juvenile": Topic(
        focus="the care and custody of juveniles and families in ICE detention",
        keywords=("juvenile", "detention", "detainee", "facility"),
        scope=(
            "This {kind} applies to every juvenile in ICE custody, whether accompanied or "
            "unaccompanied, and to every facility that houses juveniles or families for ICE."
        ),
        background=(
            "Juveniles are held in the least restrictive setting appropriate to their age and "
            "special needs, consistent with the Flores v. Reno settlement agreement.",
            "Juveniles may not be housed with unrelated adult detainees, and a juvenile detention "
            "facility must provide education, recreation, and health care appropriate to the age "
            "of the children it holds.",
        ),
        statements=(
            "A juvenile will not be held with unrelated adult detainees in any detention facility.",
            "Each juvenile will be screened at intake to determine whether the juvenile is "
            "accompanied or unaccompanied.",
            "Unaccompanied juveniles will be referred to the Office of Refugee Resettlement "
            "within 72 hours.",
            "Families in a family residential facility will be housed together, and children "
            "will receive education and recreation every day.",
            "The Juvenile Coordinator in each field office will review every case in which a "
            "juvenile has been held longer than 72 hours.",
        ),
        actors=(
            (
                "Field Office Directors",
                "designate a Juvenile Coordinator and ensure that juveniles are placed in "
                "licensed programs or approved facilities.",
            ),
            (
                "Juvenile Coordinators",
                "track every juvenile case, complete the placement worksheet, and report "
                "juvenile detention to HQDRO.",
            ),
            (
                "Detention and Deportation Officers",
                "process juveniles promptly and record the placement decision in the A-file.",
            ),
        ),
        steps=(
            "Determine the juvenile's age and whether a parent or legal guardian is present.",
            "Complete the juvenile placement worksheet.",
            "Place the juvenile in a licensed program or an approved juvenile facility.",
            "Notify the Juvenile Coordinator of every juvenile placement.",
            "Record the placement in EARM and on the juvenile detention log.",
        ),
        definitions=(
            (
                "Juvenile",
                "An alien under eighteen years of age.",
            ),
            (
                "Unaccompanied juvenile",
                "A juvenile with no parent or legal guardian in the United States available to "
                "provide care and physical custody.",
            ),
            (
                "Family residential facility",
                "A facility in which families are detained together in a non-secure, residential "
                "setting.",
            ),
        ),
        authorities=(
            "Flores v. Reno Stipulated Settlement Agreement (1997)",
            "Homeland Security Act of 2002, section 462",
            "8 CFR 236.3, Detention and release of juveniles",
        ),
        records=(
            "Juvenile placement worksheets and the juvenile detention log are kept by the "
            "Juvenile Coordinator and recorded in EARM."
        ),
    ),
    "legal": Topic(
        focus="legal proceedings that bear on the detention and removal of aliens",
        keywords=("proceedings", "immigration judge", "removal"),
        scope=(
            "This {kind} applies to DRO officers who prepare cases for removal proceedings before "
            "an immigration judge, who act on decisions of the Board of Immigration Appeals, or "
            "who respond to federal court litigation about a removal."
        ),
        background=(
            "Removal proceedings begin with the filing of a Notice to Appear with the immigration "
            "court and end with a final order of removal, a grant of relief, or the termination "
            "of proceedings.",
            "Decisions of immigration judges may be appealed to the Board of Immigration Appeals, "
            "and some decisions may be reviewed in the federal courts, which may stay a removal.",
        ),
        statements=(
            "No alien will be removed while a stay of removal issued by an immigration judge, the "
            "Board of Immigration Appeals, or a federal court is in effect.",
            "Officers will confirm the finality of each removal order with the Office of the "
            "Chief Counsel before removal whenever an appeal or motion has been filed.",
            "Requests for the alien's file from the Office of the Chief Counsel will be answered "
            "within two business days.",
            "Officers will notify the Office of the Chief Counsel at once of any habeas corpus "
            "petition served on the field office.",
            "Decisions in legal proceedings will be recorded in the alien's file on the day they "
            "are received.",
        ),
        actors=(
            (
                "Field Office Directors",
                "coordinate with the Office of the Chief Counsel on litigation affecting removals "
                "in the area of responsibility.",
            ),
            (
                "Deportation Officers",
                "track the status of proceedings for each assigned case and confirm that an order "
                "is final before scheduling removal.",
            ),
            (
                "The Office of the Chief Counsel",
                "represents the government in removal proceedings and advises DRO on the effect "
                "of court orders.",
            ),
        ),
        steps=(
            "Check the immigration court case status before scheduling removal.",
            "Confirm with the Office of the Chief Counsel whether any appeal or motion is pending.",
            "Record the final order and the date it became final in the A-file.",
            "If a stay is granted, cancel the removal arrangements and record the stay in EARM.",
            "When the stay ends, resume removal planning without delay.",
        ),
        definitions=(
            (
                "Final order of removal",
                "An order of removal that is no longer subject to appeal, or whose appeal has "
                "been decided.",
            ),
            (
                "Stay of removal",
                "An order that temporarily prevents the removal of an alien.",
            ),
            (
                "Notice to Appear (Form I-862)",
                "The charging document that begins removal proceedings before an immigration "
                "judge.",
            ),
        ),
        authorities=(
            "INA section 240, 8 U.S.C. 1229a, Removal proceedings",
            "INA section 242, 8 U.S.C. 1252, Judicial review of orders of removal",
            "8 CFR Part 1003, Executive Office for Immigration Review",
            "8 CFR 241.6, Administrative stay of removal",
        ),
        records=(
            "Court orders, stays, and decisions are placed in the A-file and their dates "
            "recorded in EARM."
        ),
    ),
    "removal": Topic(
        focus="the removal of aliens under final orders and the travel documents it requires",
        keywords=("removal", "travel document", "final order"),
        scope=(
            "This {kind} applies to every alien under a final order of removal who is in DRO "
            "custody or reporting to DRO, and to the officers who arrange travel documents and "
            "itineraries for removal."
        ),
        background=(
            "Section 241 of the INA directs that an alien ordered removed be removed within 90 "
            "days of the final order, the removal period.",
            "Removal requires a valid travel document, usually a passport or a travel document "
            "issued by the alien's consulate, and an itinerary that the receiving country will "
            "accept.",
        ),
        statements=(
            "Officers will request a travel document within ten days of the final order of "
            "removal, or at once if the order is already final when the alien is taken into "
            "custody.",
            "Travel document requests will be followed up with the consulate every 30 days and "
            "elevated to HQDRO when a consulate does not respond within 60 days.",
            "An alien who fails to cooperate in obtaining a travel document will be served with "
            "a Notice of Failure to Comply, which extends the removal period.",
            "The alien's property, funds, and identity documents will be returned at the port of "
            "departure.",
            "Officers will confirm that the alien is medically cleared for travel before the "
            "removal date.",
        ),
        actors=(
            (
                "Field Office Directors",
                "ensure that every removable alien's case is worked toward removal within the "
                "removal period.",
            ),
            (
                "Deportation Officers",
                "request travel documents, prepare itineraries, and keep the alien informed of "
                "the steps toward removal.",
            ),
            (
                "The HQDRO Travel Document Unit",
                "works with foreign governments on travel document requests that field offices "
                "cannot resolve.",
            ),
        ),
        steps=(
            "Confirm that the order of removal is final.",
            "Prepare the travel document request with photographs, fingerprints, and proof of "
            "nationality.",
            "Send the request to the consulate and record the date sent.",
            "Follow up with the consulate every 30 days until the travel document is issued.",
            "Schedule the removal, arrange any escort, and notify the receiving country.",
            "Record the removal and the departure verification in EARM.",
        ),
        definitions=(
            (
                "Removal period",
                "The 90-day period beginning on the latest of the date of the final order, the "
                "date of a court's final decision, or the alien's release from criminal custody.",
            ),
            (
                "Travel document",
                "A passport or other document issued by a foreign government allowing the alien "
                "to enter that country.",
            ),
            (
                "Form I-205",
                "The Warrant of Removal/Deportation.",
            ),
        ),
        authorities=(
            "INA section 241, 8 U.S.C. 1231",
            "8 CFR 241.4, Continued detention of inadmissible, criminal, and other aliens",
            "Zadvydas v. Davis, 533 U.S. 678 (2001)",
        ),
        records=(
            "Travel document requests and consulate correspondence are kept in the A-file and "
            "tracked in EARM until the alien's removal."
        ),
    ),
    "custody": Topic(
        focus="reviews of continued custody for aliens under final orders of removal",
        keywords=("custody review", "detention", "removal"),
        scope=(
            "This {kind} applies to every alien held in detention beyond the 90-day removal period "
            "and to the officers and HQDRO staff who conduct post-order custody reviews."
        ),
        background=(
            "Under Zadvydas v. Davis, an alien ordered removed may not be detained indefinitely "
            "when removal is not significantly likely in the reasonably foreseeable future.",
            "The regulations at 8 CFR 241.4 and 241.13 require a custody review before the end "
            "of the removal period and at set intervals afterward.",
        ),
        statements=(
            "A custody review will be completed for every detained alien before the end of the "
            "90-day removal period.",
            "Cases not decided by the field office by day 180 will be referred to the HQDRO Post "
            "Order Detention Unit.",
            "The alien will be given at least 30 days' notice of a custody review and an "
            "opportunity to submit information.",
            "Release decisions will set conditions of supervision, and an Order of Supervision "
            "will be served on the alien.",
        ),
        actors=(
            (
                "Field Office Directors",
                "decide 90-day custody reviews and refer cases to HQDRO as required.",
            ),
            (
                "Deportation Officers",
                "prepare the custody review worksheet and serve notices on the alien.",
            ),
            (
                "The HQDRO Post Order Detention Unit",
                "conducts 180-day reviews and decides cases referred by the field offices.",
            ),
        ),
        steps=(
            "Serve the notice of custody review on the alien at least 30 days before the review.",
            "Complete the custody review worksheet with the alien's criminal history and removal "
            "efforts.",
            "Decide whether to continue detention or to release the alien under an Order of "
            "Supervision.",
            "Serve the decision on the alien and record it in EARM.",
        ),
        definitions=(
            (
                "Custody review",
                "A review of whether an alien under a final order should remain in detention.",
            ),
            (
                "Order of Supervision (Form I-220B)",
                "The order releasing an alien under a final order, with conditions.",
            ),
        ),
        authorities=(
            "INA section 241(a)(6), 8 U.S.C. 1231(a)(6)",
            "8 CFR 241.4 and 241.13",
            "Zadvydas v. Davis, 533 U.S. 678 (2001)",
        ),
        records=(
            "Custody review worksheets, notices, and decisions are kept in the A-file and "
            "recorded in EARM."
        ),
    ),
    "bonds": Topic(
        focus="immigration bonds and the surrender of bonded aliens",
        keywords=("bond", "surrender", "obligor"),
        scope=(
            "This {kind} applies to DRO officers who accept, cancel, or breach immigration bonds "
            "and to the surrender of bonded aliens by bond agents and obligors."
        ),
        background=(
            "An immigration bond secures an alien's release from custody and the alien's "
            "appearance when ICE demands it. The obligor, often a surety company acting through "
            "a bond agent, guarantees that appearance.",
            "When ICE serves a demand on the obligor (Form I-340), the obligor must surrender the "
            "alien at the time and place stated, or the bond will be declared breached.",
        ),
        statements=(
            "Field offices will accept the surrender of a bonded alien by a bond agent at any "
            "office named in the demand notice during business hours.",
            "A bond agent who surrenders an alien must present the demand notice and "
            "identification showing authority to act for the obligor.",
            "An alien surrendered in response to a demand will be taken into custody and "
            "processed as the demand notice requires.",
            "A bond will be declared breached only after the officer confirms that the demand "
            "was properly served and the alien was not surrendered.",
            "Bond cancellations will be processed within ten business days of the event that "
            "ends the obligor's liability.",
        ),
        actors=(
            (
                "Field Office Directors",
                "designate the offices and hours at which surrenders will be accepted.",
            ),
            (
                "Bond control officers",
                "process demands, surrenders, breaches, and cancellations and keep the bond "
                "records current.",
            ),
            (
                "Deportation Officers",
                "take surrendered aliens into custody and record the surrender in the alien's "
                "file.",
            ),
        ),
        steps=(
            "Verify the bond agent's identity and authority to act for the obligor.",
            "Compare the surrendered alien with the photographs and records in the A-file.",
            "Take the alien into custody and give the bond agent a receipt.",
            "Record the surrender and update the bond record.",
            "Begin the bond cancellation if the surrender satisfies the obligor's liability.",
        ),
        definitions=(
            (
                "Obligor",
                "The person or surety company that posts a bond and guarantees the alien's "
                "appearance.",
            ),
            (
                "Demand notice (Form I-340)",
                "The notice requiring the obligor to surrender the alien at a stated time and "
                "place.",
            ),
            (
                "Breach",
                "The failure of the obligor to meet the conditions of the bond.",
            ),
        ),
        authorities=(
            "INA section 236, 8 U.S.C. 1226",
            "8 CFR 103.6, Surety bonds",
            "31 U.S.C. 9304-9308, Surety corporations",
        ),
        records=(
            "Bond documents, demand notices, and surrender receipts are kept in the bond file "
            "and the A-file."
        ),
    ),
    "training": Topic(
        focus="the training of Immigration Enforcement Agents and Deportation Officers",
        keywords=("training", "Federal Law Enforcement Training Center", "officers"),
        scope=(
            "This {kind} applies to all newly hired Immigration Enforcement Agents, Deportation "
            "Officers, and Detention and Deportation Officers, and to the supervisors who "
            "schedule their training."
        ),
        background=(
            "DRO officers perform law enforcement duties that require training in immigration "
            "law, arrest techniques, firearms, and the care of detainees.",
            "Basic training for DRO officers is conducted at the Federal Law Enforcement "
            "Training Center (FLETC) in Glynco, Georgia, followed by on-the-job training in the "
            "field office.",
        ),
        statements=(
            "Upon entering on duty, all Immigration Enforcement Agents will be required to fully "
            "participate in and successfully complete the basic training program.",
            "Officers who have not completed basic training will not carry firearms or make "
            "arrests.",
            "Each new officer will complete a field training program under a designated field "
            "training officer.",
            "Training records will be kept current in the ICE learning management system.",
            "Officers who fail a basic training examination may be given one opportunity to "
            "retest.",
        ),
        actors=(
            (
                "Field Office Directors",
                "schedule new officers for basic training within 120 days of their entry on duty.",
            ),
            (
                "Field training officers",
                "guide new officers through on-the-job training and complete the field training "
                "evaluation.",
            ),
            (
                "The HQDRO Training Unit",
                "sets the curriculum, coordinates class dates with the Federal Law Enforcement "
                "Training Center, and tracks completion.",
            ),
        ),
        steps=(
            "Enroll the new officer in the next available basic training class.",
            "Complete the pre-training paperwork, including the medical examination.",
            "Assign a field training officer when the officer returns to the field office.",
            "Record completion of basic and field training in the training record.",
        ),
        definitions=(
            (
                "Immigration Enforcement Agent (IEA)",
                "An officer who transports and guards detainees and assists in enforcement "
                "operations.",
            ),
            (
                "FLETC",
                "The Federal Law Enforcement Training Center.",
            ),
            (
                "Field training officer",
                "An experienced officer designated to guide a new officer through on-the-job "
                "training.",
            ),
        ),
        authorities=(
            "5 U.S.C. Chapter 41, Training",
            "5 CFR Part 410, Training",
            "INA section 287(g), training requirements",
        ),
        records=(
            "Training records, certificates, and evaluations are kept in the employee's training "
            "file and in the ICE learning management system."
        ),
    ),
    "firearms": Topic(
        focus="the use of force, firearms, and officer safety equipment",
        keywords=("force", "firearm", "officer safety"),
        scope=(
            "This {kind} applies to all armed DRO officers and to every use of force, discharge "
            "of a firearm, and issue of officer safety equipment within DRO."
        ),
        background=(
            "DRO officers may use only the force that is objectively reasonable to carry out "
            "their duties, and deadly force only when necessary to protect themselves or others "
            "from imminent death or serious physical injury.",
            "Firearms qualification, defensive tactics training, and body armor protect officer "
            "safety and the safety of the public.",
        ),
        statements=(
            "Every armed officer will qualify with each authorized firearm four times a year.",
            "Any use of force beyond compliant handcuffing will be reported to a supervisor the "
            "same day.",
            "Every discharge of a firearm, other than in training, will be reported at once and "
            "reviewed by the Use of Force Review Board.",
            "Officers will wear issued body armor during arrest operations and high-risk "
            "transports.",
            "Only firearms and ammunition issued or authorized by ICE may be carried on duty.",
        ),
        actors=(
            (
                "Field Office Directors",
                "ensure that firearms instructors, ranges, and qualification schedules are in "
                "place.",
            ),
            (
                "Firearms instructors",
                "conduct qualifications, record scores, and inspect issued firearms.",
            ),
            (
                "Officers",
                "keep their firearms secure, qualify as required, and report any use of force.",
            ),
        ),
        steps=(
            "Report the use of force to the supervisor on duty.",
            "Obtain medical care for any injured person.",
            "Complete the use of force report within 24 hours.",
            "The supervisor reviews the report and forwards it to the Field Office Director.",
            "Discharges of a firearm are referred to the Use of Force Review Board.",
        ),
        definitions=(
            (
                "Deadly force",
                "Force likely to cause death or serious physical injury.",
            ),
            (
                "Qualification",
                "The course of fire an officer must pass to carry a firearm on duty.",
            ),
            (
                "Body armor",
                "Protective vests issued to officers to guard against ballistic and edged weapons.",
            ),
        ),
        authorities=(
            "INA section 287(a), 8 U.S.C. 1357(a)",
            "8 CFR 287.8(a), Use of force",
            "Department of Homeland Security Policy on the Use of Deadly Force",
        ),
        records=(
            "Qualification scores, use of force reports, and body armor issue records are kept "
            "by the firearms instructor and the field office for five years."
        ),
    ),
    "cap": Topic(
        focus="the Criminal Alien Program and immigration detainers",
        keywords=("Criminal Alien Program", "detainer", "jail"),
        scope=(
            "This {kind} applies to DRO officers who screen inmates in federal, state, and local "
            "prisons and jails, and to every immigration detainer issued by DRO."
        ),
        background=(
            "The Criminal Alien Program (CAP) identifies removable aliens held in federal, state, "
            "and local jails and prisons so that they can be placed in proceedings before their "
            "release from criminal custody.",
            "An Immigration Detainer - Notice of Action (Form I-247) asks a law enforcement "
            "agency to notify ICE before releasing an alien and to hold the alien briefly so that "
            "ICE can assume custody.",
        ),
        statements=(
            "Officers will screen the booking records of each participating jail at least once "
            "each business day.",
            "A detainer will be issued only after an officer has established probable cause to "
            "believe that the inmate is a removable alien.",
            "Every detainer will be accompanied by the information the jail needs to identify "
            "the alien and contact the field office.",
            "Detainers will be withdrawn promptly when ICE decides not to take the alien into "
            "custody.",
            "Aliens identified in jails will be placed in proceedings before their release from "
            "criminal custody wherever possible.",
        ),
        actors=(
            (
                "Field Office Directors",
                "assign CAP officers to the jails and prisons in the area of responsibility.",
            ),
            (
                "CAP officers",
                "interview inmates, issue detainers, and start removal proceedings.",
            ),
            (
                "Supervisory Detention and Deportation Officers",
                "review detainers issued by CAP officers and track the resulting cases.",
            ),
        ),
        steps=(
            "Review the jail's booking list for foreign-born inmates.",
            "Interview each inmate who may be removable and check immigration records.",
            "Issue Form I-247 to the jail when probable cause is established.",
            "Record the detainer in EARM and set a follow-up date.",
            "Take custody of the alien on release from criminal custody.",
        ),
        definitions=(
            (
                "Detainer (Form I-247)",
                "A request that a law enforcement agency notify ICE before releasing an alien "
                "and hold the alien briefly so that ICE may take custody.",
            ),
            (
                "CAP",
                "The Criminal Alien Program.",
            ),
        ),
        authorities=(
            "INA section 287(d), 8 U.S.C. 1357(d)",
            "8 CFR 287.7, Detainer provisions",
            "INA section 238, 8 U.S.C. 1228, Expedited removal of aliens convicted of aggravated "
            "felonies",
        ),
        records=(
            f"Detainers and jail interview records are kept in the A-file and recorded in the "
            f"{EARM}."
        ),
    ),
    "fieldops": Topic(
        focus="the management and oversight of DRO field offices",
        keywords=("field office", "Field Office Director"),
        scope=(
            "This {kind} applies to every DRO field office and sub-office and to the Field Office "
            "Directors, Deputy Field Office Directors, and supervisors who manage them."
        ),
        background=(
            "DRO operates through field offices, each led by a Field Office Director responsible "
            "for detention and removal operations in a defined area of responsibility.",
            "Consistent field office practices make sure that every alien, employee, and partner "
            "agency is treated the same way wherever the work is done.",
        ),
        statements=(
            "Each field office will report significant incidents to the HQDRO Command Center "
            "within two hours of learning of them.",
            "Field Office Directors will maintain a 24-hour duty officer roster for the area of "
            "responsibility.",
            "Each field office will complete an annual self-inspection and send the results to "
            "the Office of Field Operations.",
            "Sub-offices will be supervised by a Supervisory Detention and Deportation Officer "
            "or a designated acting supervisor at all times.",
            "Inquiries from Congress, consulates, and attorneys about individual detainees will "
            "be answered within the time frames set by HQDRO.",
        ),
        actors=(
            (
                "Field Office Directors",
                "manage field office operations, personnel, and resources and report to the "
                "Assistant Director for Field Operations.",
            ),
            (
                "Deputy Field Office Directors",
                "act for the Field Office Director and oversee the field office's programs.",
            ),
            (
                "Supervisory Detention and Deportation Officers",
                "supervise daily operations and review the work of the officers assigned to them.",
            ),
            (
                "The Office of Field Operations",
                "oversees the field offices, reviews their reports, and coordinates support from "
                "headquarters.",
            ),
        ),
        steps=(
            "Record the event or request in the field office log.",
            "Notify the supervisor on duty and the Field Office Director as required.",
            "Send the required report to the Office of Field Operations.",
            "Follow up on corrective actions and close the matter in the log.",
        ),
        definitions=(
            (
                "Field office",
                "A DRO office led by a Field Office Director with responsibility for a defined "
                "area.",
            ),
            (
                "Area of responsibility (AOR)",
                "The geographic area assigned to a field office.",
            ),
            (
                "Significant incident",
                "An event involving a detainee, employee, or facility that may attract public or "
                "congressional attention or affect operations.",
            ),
        ),
        authorities=(
            HSA,
            "DHS Delegation 7030.2, Delegation of Authority to the Assistant Secretary for ICE",
            "ICE Directive on Significant Incident Reporting",
        ),
        records=(
            "Field office logs, reports, and inspection results are kept for three years and "
            "made available to HQDRO on request."
        ),
    ),
    "ngo": Topic(
        focus="visits, tours, and interviews of detainees by outside organizations",
        keywords=("detention", "detainee", "facility", "interview"),
        scope=(
            "This {kind} applies to every tour of a detention facility and every interview of "
            "detainees by a non-governmental organization, the press, or a public official."
        ),
        background=(
            "The National Detention Standards allow non-governmental organizations to tour "
            "detention facilities and to interview detainees, subject to the security and order "
            "of the facility.",
            "Field Office Directors must handle these requests the same way across the country, "
            "giving proper notice and protecting detainee privacy.",
        ),
        statements=(
            "Requests to tour a detention facility will be answered within ten business days.",
            "No detainee will be interviewed without the detainee's written consent.",
            "Interviews will be held in a setting that allows private conversation within sight "
            "of an officer.",
            "Visitors will be told in advance of the facility's rules on photography and "
            "recording.",
            "The Field Office Director will report each tour to HQDRO.",
        ),
        actors=(
            (
                "Field Office Directors",
                "approve tours and interviews and make sure that they follow the detention "
                "standards.",
            ),
            (
                "Officers in charge",
                "arrange the tour, obtain detainee consent, and escort visitors in the facility.",
            ),
            (
                "The HQDRO Detention Management Division",
                "receives reports of tours and advises field offices on requests.",
            ),
        ),
        steps=(
            "Receive the written request and confirm the identity of the organization.",
            "Schedule the tour and notify the facility.",
            "Obtain written consent from each detainee to be interviewed.",
            "Escort the visitors during the tour and record the visit.",
            "Report the tour to HQDRO within five business days.",
        ),
        definitions=(
            (
                "Non-governmental organization (NGO)",
                "A private organization, such as a legal services or human rights group, that is "
                "not part of any government.",
            ),
            (
                "Tour",
                "A visit by outside persons to observe the conditions of a detention facility.",
            ),
        ),
        authorities=(
            "ICE National Detention Standards: Visitation; Group Presentations on Legal Rights",
            "Privacy Act of 1974, 5 U.S.C. 552a",
        ),
        records=(
            "Tour requests, consents, and reports are kept by the field office for three years."
        ),
    ),
    "coop": Topic(
        focus="emergency preparedness and the continuity of detention and removal operations",
        keywords=("emergency", "continuity", "detainee"),
        scope=(
            "This {kind} applies to every DRO office and every detention facility that holds ICE "
            "detainees, and covers natural disasters, pandemics, and other emergencies."
        ),
        background=(
            "An emergency may close an office, cut off a detention facility, or require the "
            "evacuation of detainees on short notice.",
            "A current Continuity of Operations (COOP) plan allows DRO to keep custody of every "
            "detainee and continue its essential functions when normal operations are disrupted.",
        ),
        statements=(
            "Each field office will keep a current Continuity of Operations plan and review it "
            "every year.",
            "Each plan will name an alternate work site and the essential functions to be "
            "performed there.",
            "Field offices in hurricane-prone areas will confirm evacuation plans for their "
            "detention facilities by June 1 of each year.",
            "During an evacuation, officers will account for every detainee at departure and "
            "arrival.",
            "The field office will report the location of all detainees to HQDRO within 24 hours "
            "of any relocation.",
        ),
        actors=(
            (
                "Field Office Directors",
                "approve the COOP plan, order evacuations, and report to HQDRO during the "
                "emergency.",
            ),
            (
                "COOP coordinators",
                "maintain the plan, test it each year, and keep emergency contact lists current.",
            ),
            (
                "Officers in charge of detention facilities",
                "carry out detainee evacuations and account for every detainee.",
            ),
        ),
        steps=(
            "Activate the emergency notification list.",
            "Decide whether to shelter in place or evacuate detainees.",
            "Arrange transportation and receiving detention facilities.",
            "Account for each detainee at departure and arrival.",
            "Report detainee locations and office status to HQDRO.",
        ),
        definitions=(
            (
                "COOP",
                "Continuity of Operations: the capability to continue essential functions during "
                "an emergency.",
            ),
            (
                "Essential functions",
                "The functions that must continue in an emergency, including the custody and "
                "care of detainees.",
            ),
        ),
        authorities=(
            "Federal Continuity Directive 1",
            "National Response Plan (2004)",
            "Homeland Security Presidential Directive 5",
        ),
        records=(
            "COOP plans, test results, and evacuation records are kept by the COOP coordinator "
            "and sent to HQDRO each year."
        ),
    ),
    "atd": Topic(
        focus="alternatives to detention and the supervision of released aliens",
        keywords=("alternatives to detention", "supervision", "release"),
        scope=(
            "This {kind} applies to aliens released from DRO custody on conditions and to the "
            "officers who enroll and supervise them in alternatives to detention programs."
        ),
        background=(
            "Not every alien in proceedings needs to be detained. Alternatives to detention let "
            "DRO secure the appearance of lower-risk aliens at lower cost.",
            "The Intensive Supervision Appearance Program (ISAP) and the Electronic Monitoring "
            "Program use reporting, home visits, and monitoring devices to supervise released "
            "aliens.",
        ),
        statements=(
            "Aliens who pose no danger to the community and a manageable flight risk may be "
            "considered for alternatives to detention.",
            "Each enrolled alien will sign the program conditions and receive a copy.",
            "Violations of release conditions will be reviewed within two business days.",
            "Enrollment will be reviewed every 90 days to decide whether supervision should "
            "continue.",
        ),
        actors=(
            (
                "Field Office Directors",
                "decide enrollment levels and ensure that program slots are used.",
            ),
            (
                "Deportation Officers",
                "assess aliens for enrollment, explain the conditions, and respond to violations.",
            ),
            (
                "Program contractors",
                "conduct home visits and monitoring and report violations to the field office.",
            ),
        ),
        steps=(
            "Assess the alien's flight risk and danger to the community.",
            "Explain the program conditions and obtain the alien's signature.",
            "Fit any monitoring device and record the enrollment.",
            "Review compliance reports and act on violations.",
        ),
        definitions=(
            (
                "ISAP",
                "The Intensive Supervision Appearance Program.",
            ),
            (
                "Electronic monitoring",
                "Supervision of a released alien by ankle bracelet or telephone reporting.",
            ),
        ),
        authorities=(
            "INA section 236, 8 U.S.C. 1226",
            "8 CFR 236.1, Apprehension, custody, and detention",
        ),
        records=("Enrollment forms and compliance reports are kept in the A-file and in EARM."),
    ),
    "resources": Topic(
        focus="the management of DRO property, vehicles, funds, and contracts",
        keywords=("Mission Support", "accountable", "resources"),
        scope=(
            "This {kind} applies to all DRO offices and to every employee who uses, manages, or "
            "accounts for government property, vehicles, funds, or contracts, with oversight by "
            "Mission Support."
        ),
        background=(
            "DRO is entrusted with public resources, from vehicles and radios to detention "
            "contracts worth millions of dollars each year.",
            "Sound stewardship requires that every accountable item and every dollar be assigned "
            "to a responsible official and recorded in the official system.",
        ),
        statements=(
            "Every accountable item will be assigned to a named property custodian and inventoried "
            "each year.",
            "Government vehicles will be used only for official purposes, and home-to-work use "
            "requires written authorization.",
            "Funds will be obligated only by officials with delegated authority and only against "
            "available budget.",
            "Contract performance will be monitored by a designated Contracting Officer's "
            "Technical Representative.",
            "Losses of government property will be reported within five business days.",
        ),
        actors=(
            (
                "Field Office Directors",
                "appoint property custodians, fleet managers, and budget officers for the field "
                "office.",
            ),
            (
                "Mission Support staff",
                "maintain property, fleet, and financial records and advise managers on their "
                "duties.",
            ),
            (
                "Employees",
                "use government resources for official purposes only and report losses promptly.",
            ),
        ),
        steps=(
            "Record the receipt of accountable property in the property system.",
            "Assign the item to a property custodian and obtain a signed receipt.",
            "Conduct the annual inventory and reconcile differences.",
            "Report losses and dispose of excess property through the property officer.",
        ),
        definitions=(
            (
                "Accountable property",
                "Property that must be tracked individually, including firearms, radios, vehicles, "
                "and items above the capitalization threshold.",
            ),
            (
                "COTR",
                "Contracting Officer's Technical Representative.",
            ),
            (
                "Obligation",
                "A binding commitment of funds.",
            ),
        ),
        authorities=(
            "41 CFR Chapter 102, Federal Management Regulation",
            "31 U.S.C. 1341, Antideficiency Act",
            "Federal Acquisition Regulation, 48 CFR Chapter 1",
        ),
        records=(
            "Property, fleet, and financial records are kept in the official DHS systems and "
            "reconciled at least once a year."
        ),
    ),
    "personnel": Topic(
        focus="pay, travel, duties, and the safety of DRO employees",
        keywords=("employee", "supervisor"),
        scope=(
            "This {kind} applies to every DRO employee and to the supervisors who approve their "
            "time, travel, and assignments."
        ),
        background=(
            "DRO employees work irregular hours, travel often, and carry out duties beyond their "
            "primary assignments.",
            "Clear rules on pay, travel, and collateral duties let supervisors treat employees "
            "fairly and keep the workplace safe.",
        ),
        statements=(
            "Supervisors will certify eligibility for premium pay each year.",
            "Employees will use the government travel charge card only for official travel "
            "expenses.",
            "Collateral duties will be assigned in writing and counted in the employee's "
            "performance plan.",
            "Workplace injuries will be reported to the supervisor on the day they occur.",
            "Overtime will be approved in advance except in an emergency.",
        ),
        actors=(
            (
                "Field Office Directors",
                "approve collateral duty assignments and oversee pay and travel programs.",
            ),
            (
                "Supervisors",
                "approve time, travel, and overtime and certify premium pay eligibility.",
            ),
            (
                "Employees",
                "follow the rules on pay, travel, and safety and report problems promptly.",
            ),
        ),
        steps=(
            "The employee submits the request or report to the supervisor.",
            "The supervisor reviews and approves or returns it.",
            "Approved requests are entered in the time and attendance or travel system.",
            "Records are kept in the employee's file for audit.",
        ),
        definitions=(
            (
                "LEAP",
                "Law Enforcement Availability Pay, premium pay for criminal investigators who are "
                "available for unscheduled duty.",
            ),
            (
                "Collateral duty",
                "A duty assigned in addition to an employee's primary duties.",
            ),
        ),
        authorities=(
            "5 U.S.C. 5545a, Availability pay for criminal investigators",
            "Federal Travel Regulation, 41 CFR Chapters 300-304",
            "29 CFR Part 1960, Occupational safety and health for federal employees",
        ),
        records=(
            "Time, travel, and safety records are kept by the field office administrative "
            "officer for six years."
        ),
    ),
    "policy": Topic(
        focus="how DRO directives and guidance are developed, reviewed, and published",
        keywords=("directive", "RevCom", "Policy Management Unit"),
        scope=(
            "This {kind} applies to every DRO directive, field advisory, and guidance document, "
            "and to the policy owners, authors, reviewers, and Directives Points of Contact "
            "(DPCs) who prepare them."
        ),
        background=(
            "DRO policies are published through directives, which align operations, articulate "
            "expectations, set procedures, and define responsibilities.",
            "The Policy Management Unit (PMU) maintains the DRO Resource Library, assigns "
            "directive numbers, and manages the review and comment (RevCom) system.",
        ),
        statements=(
            "Every draft directive will be circulated for comment through RevCom before clearance.",
            "Each directive will name an office of primary interest (OPI) responsible for keeping "
            "it current.",
            "Directives will be reviewed by their OPI at least every three years and revised, "
            "reissued, or cancelled.",
            "A directive takes effect when it is signed and published in the DRO Resource Library.",
            "Guidance may explain how to carry out a directive but may not change its "
            "requirements.",
        ),
        actors=(
            (
                "Policy owners",
                "decide when a directive is needed and sponsor it through clearance.",
            ),
            (
                "Authors",
                "draft directives in the standard format and respond to comments.",
            ),
            (
                "Directives Points of Contact (DPCs)",
                "coordinate review of drafts within their offices.",
            ),
            (
                "The Policy Management Unit",
                "assigns numbers, manages RevCom, and publishes signed directives in the DRO "
                "Resource Library.",
            ),
        ),
        steps=(
            "The policy owner requests a directive number from the Policy Management Unit.",
            "The author drafts the directive in the standard format.",
            "The draft is posted to RevCom for a 30-day comment period.",
            "The author adjudicates comments and prepares the final draft.",
            "The directive is signed and published in the DRO Resource Library.",
        ),
        definitions=(
            (
                "Directive",
                "A document that sets DRO policy, assigns responsibilities, and prescribes "
                "procedures.",
            ),
            (
                "RevCom",
                "The review and comment system used to circulate drafts.",
            ),
            (
                "OPI",
                "Office of primary interest: the office that owns a document.",
            ),
            (
                "DPC",
                "Directives Point of Contact.",
            ),
        ),
        authorities=(
            HSA,
            "DHS Management Directive 0010.1, Management Directives System",
            "ICE Directive 1001.1, ICE Directives System",
        ),
        records=(
            "Signed directives, RevCom comment records, and clearance sheets are kept by the "
            "Policy Management Unit as permanent records."
        ),
    ),
    "information": Topic(
        focus="the management of DRO information, records, and data systems",
        keywords=("information", "records", "system"),
        scope=(
            "This {kind} applies to every DRO employee and contractor who creates, enters, "
            "handles, or releases DRO information or records, in paper or in any system."
        ),
        background=(
            "DRO's records and data systems, from alien files to the ENFORCE Alien Removal "
            "Module, are the basis for detention and removal decisions and for the statistics "
            "DRO reports to the Department and to Congress.",
            "Accurate data entry, careful handling, and lawful release protect both the people "
            "whose information DRO holds and the integrity of DRO's work.",
        ),
        statements=(
            "Data will be entered in the system of record within 24 hours of the event it records.",
            "Supervisors will review data quality reports every month and correct errors.",
            "Sensitive information will be marked and stored according to its sensitivity.",
            "Records will be kept and disposed of only under an approved records schedule.",
            "Requests for records under FOIA or the Privacy Act will be forwarded to the ICE "
            "FOIA Office within five business days.",
        ),
        actors=(
            (
                "Field Office Directors",
                "designate records and data quality coordinators for the field office.",
            ),
            (
                "Records coordinators",
                "maintain file plans, handle file transfers, and respond to records requests.",
            ),
            (
                "All employees",
                "enter data accurately and protect the information in their care.",
            ),
        ),
        steps=(
            "Enter the information in the system of record.",
            "Mark sensitive information and store it securely.",
            "Review the monthly data quality report and correct errors.",
            "Send records requests to the ICE FOIA Office.",
            "Dispose of records only under an approved schedule.",
        ),
        definitions=(
            (
                "System of record",
                "The official system in which a type of information is kept.",
            ),
            (
                "Law Enforcement Sensitive (LES)",
                "Unclassified information whose release could harm law enforcement operations.",
            ),
            (
                "A-file",
                "The alien file, the official record of an alien's immigration history.",
            ),
        ),
        authorities=(
            "Privacy Act of 1974, 5 U.S.C. 552a",
            "Freedom of Information Act, 5 U.S.C. 552",
            "Federal Records Act, 44 U.S.C. Chapter 31",
        ),
        records=(
            "Data quality reports and records transfer logs are kept by the records coordinator "
            "for three years."
        ),
    ),
    "communications": Topic(
        focus="DRO's communications with the media, Congress, and the public",
        keywords=("inquiries", "response", "public"),
        scope=(
            "This {kind} applies to every DRO employee who receives inquiries from the media, "
            "members of Congress, consulates, or the public about DRO programs or cases."
        ),
        background=(
            "Public confidence in DRO depends on accurate and timely responses to inquiries "
            "about detention and removal.",
            "Responses must protect the privacy of detainees and the security of operations "
            "while giving inquirers the information they are entitled to.",
        ),
        statements=(
            "Media inquiries will be referred to the ICE Office of Public Affairs.",
            "Congressional inquiries will be answered within the time frames set by the Office "
            "of Congressional Relations.",
            "No information about an individual detainee will be released without the "
            "detainee's written consent, except as the law permits.",
            "Each inquiry and response will be logged.",
        ),
        actors=(
            (
                "Field Office Directors",
                "designate a public affairs liaison and a congressional liaison.",
            ),
            (
                "Liaisons",
                "log inquiries, prepare responses, and obtain clearance.",
            ),
            (
                "All employees",
                "refer inquiries to the designated liaison.",
            ),
        ),
        steps=(
            "Log the inquiry and the date received.",
            "Refer the inquiry to the designated liaison.",
            "Gather the facts and prepare a draft response.",
            "Obtain clearance and send the response.",
        ),
        definitions=(
            (
                "Inquiry",
                "A request for information from outside DRO.",
            ),
            (
                "Privacy waiver",
                "A detainee's written consent to the release of information about the detainee.",
            ),
        ),
        authorities=(
            "Privacy Act of 1974, 5 U.S.C. 552a",
            "DHS Public Affairs Guidance",
        ),
        records="Inquiry logs and responses are kept for three years.",
    ),
    "health": Topic(
        focus="medical and health care for aliens in ICE custody",
        keywords=("medical", "health care", "detainee"),
        scope=(
            "This {kind} applies to every detainee in ICE custody and to the medical staff, "
            "health care contractors, and DRO officers responsible for the detainee's health "
            "care, in facilities staffed by the Division of Immigration Health Services (DIHS) "
            "and in all other detention facilities."
        ),
        background=(
            "ICE is responsible for providing necessary medical, dental, and mental health care "
            "to every detainee in its custody.",
            "The Division of Immigration Health Services (DIHS), staffed by officers of the U.S. "
            "Public Health Service, provides health care directly in some facilities and "
            "authorizes and pays for care in others.",
        ),
        statements=(
            "Every detainee will receive a medical screening on arrival and a health appraisal "
            "within 14 days.",
            "Detainees will have access to sick call and to emergency medical care at all times.",
            "Medical information will accompany every detainee who is transferred or released.",
            "Off-site medical care will be authorized through a Treatment Authorization Request "
            "(TAR) except in an emergency.",
            "Detainees with communicable diseases will be isolated and treated according to "
            "public health guidance.",
            "A detainee will be medically cleared before removal, and a medical escort will be "
            "provided when the detainee's condition requires it.",
        ),
        actors=(
            (
                "The DIHS Director",
                "sets clinical standards for detainee health care and reviews serious medical "
                "cases.",
            ),
            (
                "Clinical directors and health services administrators",
                "run the medical units in DIHS-staffed facilities and supervise medical staff.",
            ),
            (
                "Field Office Directors",
                "ensure that detainees in their area of responsibility receive necessary health "
                "care and that DIHS is notified of serious medical cases.",
            ),
            (
                "Detention and Deportation Officers",
                "report detainee medical complaints and arrange transport for medical "
                "appointments.",
            ),
        ),
        steps=(
            "Complete the intake medical screening and record it in the medical record.",
            "Refer detainees with urgent needs to the clinician on duty at once.",
            "Request a Treatment Authorization Request for any off-site care.",
            "Prepare the medical transfer summary before the detainee leaves the facility.",
            "Notify DIHS and the Field Office Director of any hospitalization.",
        ),
        definitions=(
            (
                "DIHS",
                "The Division of Immigration Health Services.",
            ),
            (
                "Health appraisal",
                "A physical examination and health history completed within 14 days of arrival.",
            ),
            (
                "TAR",
                "Treatment Authorization Request: the request for approval of off-site medical "
                "care.",
            ),
            (
                "Medical transfer summary",
                "The summary of a detainee's health status that travels with the detainee.",
            ),
        ),
        authorities=(
            "42 U.S.C. 249(a), Medical care and treatment of aliens",
            "ICE National Detention Standard: Medical Care",
            "Standards of the National Commission on Correctional Health Care",
        ),
        records=(
            "Medical records are kept by the medical unit, protected under the Privacy Act, and "
            "sent with the detainee on transfer."
        ),
    ),
    "agreement": Topic(
        focus="cooperation between DRO and a partner agency",
        keywords=("agreement", "parties"),
        scope=(
            "This {kind} binds the parties named in it and applies to the offices of each party "
            "that carry out the work it describes."
        ),
        background=(
            "The parties share responsibilities for aliens in custody and agree that written "
            "terms will make their cooperation efficient and accountable.",
            "This agreement sets out each party's duties, the costs each will bear, and how "
            "disputes will be resolved.",
        ),
        statements=(
            "Each party will name a point of contact responsible for carrying out this agreement.",
            "Costs will be reimbursed at the rates set in the attached schedule.",
            "Either party may propose changes, which take effect when signed by both parties.",
            "This agreement may be ended by either party on 90 days' written notice.",
        ),
        actors=(
            (
                "DRO",
                "provides the aliens, records, and funding described in the agreement.",
            ),
            (
                "The partner agency",
                "provides the services described in the agreement.",
            ),
        ),
        steps=(
            "Each party names its point of contact.",
            "The parties meet each year to review the agreement.",
            "Disputes are raised first between the points of contact.",
        ),
        definitions=(
            (
                "Parties",
                "The agencies that sign this agreement.",
            ),
        ),
        authorities=(
            "Economy Act, 31 U.S.C. 1535",
            HSA,
        ),
        records="Each party keeps a signed original of this agreement.",
    ),
    "delegation": Topic(
        focus="the delegation of DRO authority to field officials",
        keywords=("authority", "delegate"),
        scope=(
            "This {kind} applies to the officials named in it and to any official acting in "
            "their positions."
        ),
        background=(
            "Authority vested in the Director of DRO may be delegated to field officials so that "
            "decisions are made close to the cases they affect.",
            "A delegation of authority states exactly what authority is delegated, to whom, and "
            "whether it may be delegated further.",
        ),
        statements=(
            "The authority delegated here may be exercised only within the official's area of "
            "responsibility.",
            "This authority may be delegated further only to the level stated in this delegation.",
            "The Director retains the authority delegated here and may exercise it at any time.",
            "Officials exercising this authority will keep a record of each decision.",
        ),
        actors=(
            (
                "Field Office Directors",
                "exercise the authority delegated here and may delegate it further as stated.",
            ),
            (
                "The Director of DRO",
                "retains all delegated authority and may revoke this delegation.",
            ),
        ),
        steps=(
            "Confirm that the matter falls within the delegated authority.",
            "Decide the matter and sign the decision.",
            "Record the decision in the alien's file.",
        ),
        definitions=(
            (
                "Delegation",
                "The grant of authority by one official to another.",
            ),
            (
                "Redelegation",
                "The further delegation of authority by the official who received it.",
            ),
        ),
        authorities=(
            HSA,
            "DHS Delegation 7030.2",
            "8 CFR 2.1, Authority of the Secretary of Homeland Security",
        ),
        records="Decisions made under this delegation are recorded in the alien's file.",
    ),
    "reference": Topic(
        focus="the terms, citations, and abbreviations used in DRO documents",
        keywords=("reference", "DRO"),
        scope=(
            "This {kind} is provided for the use of all DRO employees, contractors, and policy "
            "authors. It does not set policy."
        ),
        background=(
            "DRO directives use many terms, abbreviations, and citations. This reference gathers "
            "them in one place.",
            "Where a directive defines a term differently, the directive controls.",
        ),
        statements=(
            "Entries are listed in alphabetical order.",
            "Suggestions for additions may be sent to the Policy Management Unit through the "
            "Help page of the DRO Resource Library.",
        ),
        actors=(
            (
                "The Policy Management Unit",
                "maintains this reference and updates it as directives change.",
            ),
        ),
        steps=(),
        definitions=(),
        authorities=(INA, HSA),
        records="The Policy Management Unit keeps prior editions of this reference.",
    ),
}


# Entries of the reference documents.
INA_SECTIONS: tuple[tuple[str, str], ...] = (
    ("INA 101, 8 U.S.C. 1101", "Definitions, including alien, admission, and aggravated felony."),
    ("INA 103, 8 U.S.C. 1103", "Powers and duties of the Secretary of Homeland Security."),
    ("INA 208, 8 U.S.C. 1158", "Asylum."),
    ("INA 212, 8 U.S.C. 1182", "Grounds of inadmissibility and waivers."),
    ("INA 212(d)(5), 8 U.S.C. 1182(d)(5)", "Parole of aliens into the United States."),
    ("INA 217, 8 U.S.C. 1187", "Visa Waiver Program, including the waiver of removal hearings."),
    ("INA 235, 8 U.S.C. 1225", "Inspection by immigration officers and expedited removal."),
    ("INA 236, 8 U.S.C. 1226", "Apprehension and detention of aliens pending a decision."),
    ("INA 236(c), 8 U.S.C. 1226(c)", "Mandatory detention of criminal aliens."),
    ("INA 237, 8 U.S.C. 1227", "Classes of deportable aliens."),
    ("INA 238, 8 U.S.C. 1228", "Expedited removal of aliens convicted of aggravated felonies."),
    ("INA 239, 8 U.S.C. 1229", "Initiation of removal proceedings; the Notice to Appear."),
    ("INA 240, 8 U.S.C. 1229a", "Removal proceedings before an immigration judge."),
    ("INA 240B, 8 U.S.C. 1229c", "Voluntary departure."),
    ("INA 241, 8 U.S.C. 1231", "Detention and removal of aliens ordered removed."),
    ("INA 241(a)(5), 8 U.S.C. 1231(a)(5)", "Reinstatement of removal orders."),
    ("INA 242, 8 U.S.C. 1252", "Judicial review of orders of removal."),
    ("INA 243, 8 U.S.C. 1253", "Penalties for failure to depart; countries that refuse."),
    ("INA 264, 8 U.S.C. 1304", "Registration forms and the duty to carry evidence."),
    ("INA 274, 8 U.S.C. 1324", "Bringing in and harboring certain aliens."),
    ("INA 276, 8 U.S.C. 1326", "Reentry of removed aliens."),
    ("INA 287, 8 U.S.C. 1357", "Powers of immigration officers and employees."),
    ("INA 287(d), 8 U.S.C. 1357(d)", "Detainers for aliens arrested for controlled substances."),
    ("INA 287(g), 8 U.S.C. 1357(g)", "Agreements with state and local law enforcement agencies."),
)

ACRONYMS: tuple[tuple[str, str], ...] = (
    ("ADDRM", "Assistant Director for Detention and Removal Management"),
    ("ADE", "Assistant Director for Enforcement"),
    ("ADFO", "Assistant Director for Field Operations"),
    ("ADIPC", "Assistant Director for Information, Policy and Communications"),
    ("ADMS", "Assistant Director for Mission Support"),
    ("AOR", "Area of responsibility"),
    ("ATD", "Alternatives to Detention"),
    ("BIA", "Board of Immigration Appeals"),
    ("CAP", "Criminal Alien Program"),
    ("CDF", "Contract Detention Facility"),
    ("COOP", "Continuity of Operations"),
    ("COTR", "Contracting Officer's Technical Representative"),
    ("CSPA", "Child Status Protection Act"),
    ("DACS", "Deportable Alien Control System"),
    ("DHS", "Department of Homeland Security"),
    ("DIHS", "Division of Immigration Health Services"),
    ("DO", "Deportation Officer"),
    ("DPC", "Directives Point of Contact"),
    ("DRO", "Office of Detention and Removal Operations"),
    ("DROPPM", "Detention and Removal Operations Policy and Procedure Manual"),
    ("EARM", "ENFORCE Alien Removal Module"),
    ("EOIR", "Executive Office for Immigration Review"),
    ("FCMS", "Fugitive Case Management System"),
    ("FLETC", "Federal Law Enforcement Training Center"),
    ("FOD", "Field Office Director"),
    ("FOIA", "Freedom of Information Act"),
    ("FOT", "Fugitive Operations Team"),
    ("FOUO", "For Official Use Only"),
    ("HQDRO", "Headquarters, Office of Detention and Removal Operations"),
    ("ICE", "U.S. Immigration and Customs Enforcement"),
    ("IEA", "Immigration Enforcement Agent"),
    ("IGSA", "Intergovernmental Service Agreement"),
    ("INA", "Immigration and Nationality Act"),
    ("INS", "Immigration and Naturalization Service (until March 2003)"),
    ("ISAP", "Intensive Supervision Appearance Program"),
    ("JPATS", "Justice Prisoner and Alien Transportation System"),
    ("LEAP", "Law Enforcement Availability Pay"),
    ("LES", "Law Enforcement Sensitive"),
    ("NCIC", "National Crime Information Center"),
    ("NFOP", "National Fugitive Operations Program"),
    ("NGO", "Non-governmental organization"),
    ("OPI", "Office of primary interest"),
    ("PMU", "Policy Management Unit"),
    ("RevCom", "The review and comment system for draft directives"),
    ("SDDO", "Supervisory Detention and Deportation Officer"),
    ("SPC", "Service Processing Center"),
    ("TAR", "Treatment Authorization Request"),
    ("USPHS", "U.S. Public Health Service"),
)


def glossary() -> tuple[tuple[str, str], ...]:
    """Every term the topics define, once each, in alphabetical order."""
    terms: dict[str, str] = {}
    for topic in TOPICS.values():
        for term, meaning in topic.definitions:
            terms.setdefault(term, meaning)
    return tuple(sorted(terms.items(), key=lambda item: item[0].lower()))


REFERENCE_ENTRIES = {"ina": INA_SECTIONS, "acronyms": ACRONYMS}
