/// The phrasing that synthetic catalogs are composed from, modelled on the sample catalog:
/// needs describe symptoms in a city's voice, startups describe products in their own jargon,
/// so a synthetic catalog keeps the vocabulary gap that makes matching hard.
enum SynthVocabulary {
    /// One fine-grained problem: what cities say about it and what solvers say about themselves.
    struct Subtopic: Sendable {
        let needTitles: [String]
        let symptoms: [String]
        let goals: [String]
        let products: [String]
        let capabilities: [String]
    }

    struct Theme: Sendable {
        let domains: [String]
        let subtopics: [Subtopic]
    }

    static let themes: [Theme] = [
        Theme(domains: ["waste", "sanitation"], subtopics: [
            Subtopic(
                needTitles: ["Garbage overflowing before collection", "Bins full for days in dense neighbourhoods"],
                symptoms: ["Bins overflow days before the truck comes, and residents pile bags on the pavement.",
                           "Collection crews follow fixed routes and empty half-empty bins while others spill over.",
                           "Narrow alleys fill with rubbish because trucks cannot enter them."],
                goals: ["We want to collect only when bins are actually full and stop sending trucks on wasted rounds.",
                        "We want crews to know which streets need them today."],
                products: ["{name} fits ultrasonic fill-level sensors to bins and streams readings over LoRaWAN.",
                           "Its routing engine turns fill levels into daily collection routes that skip empty bins.",
                           "Small electric tricycles and handcarts serve lanes that compactor trucks cannot reach."],
                capabilities: ["Ultrasonic fill-level sensing", "LoRaWAN bin telemetry", "Dynamic collection route optimisation",
                               "Overflow alerts for crews", "Small-vehicle collection for narrow lanes"]),
            Subtopic(
                needTitles: ["Organic waste rotting at the landfill", "Food waste filling our only landfill"],
                symptoms: ["More than half of household waste is food scraps that end up rotting at the landfill.",
                           "Markets throw away tonnes of vegetable waste every evening.",
                           "The landfill is nearly full and methane fires break out every dry season."],
                goals: ["We want to divert organic waste into compost or biogas close to where it is produced.",
                        "We want a neighbourhood scheme that households actually use."],
                products: ["{name} builds containerised anaerobic digesters that turn market food waste into biogas and fertiliser.",
                           "Its decentralised composting units run beside markets and schools.",
                           "A collector app pays households for separated organic waste."],
                capabilities: ["Containerised anaerobic digestion", "Decentralised composting", "Source separation incentives",
                               "Biogas for cooking and power", "Digestate fertiliser sales"]),
        ]),
        Theme(domains: ["water", "utilities"], subtopics: [
            Subtopic(
                needTitles: ["Treated water lost before it reaches homes", "Leaks we only find when the street floods"],
                symptoms: ["Nearly 40 percent of the water we treat never reaches a paying customer.",
                           "Pipes burst under roads and we find out when the street is under water.",
                           "Crews dig up whole blocks because nobody knows where the leak is."],
                goals: ["We want to find hidden leaks before they burst and cut our non-revenue water.",
                        "We want to know which district loses most water every night."],
                products: ["{name} places acoustic loggers on valves and hydrants and pinpoints leaks by correlation.",
                           "District metered areas are set up with pressure and flow sensors, and night-flow analysis ranks them by losses.",
                           "Satellite radar scans flag soil moisture over buried mains."],
                capabilities: ["Acoustic leak detection", "District metered area (DMA) design", "Minimum night flow analysis",
                               "Pressure management", "Non-revenue water audits"]),
            Subtopic(
                needTitles: ["Households in the dark about their water use", "Water bills nobody trusts"],
                symptoms: ["Households receive estimated bills and complain that they pay for water they never used.",
                           "Meter readers visit once a quarter and many meters are broken.",
                           "Families cannot tell how much water is left in their tanks between supply days."],
                goals: ["We want accurate readings every day and bills people trust.",
                        "We want residents to see their own consumption on their phones."],
                products: ["{name} supplies smart water meters with NB-IoT radios and a customer app.",
                           "Its meter data platform detects tampering, backflow and continuous leaks inside homes.",
                           "Tank-level sensors show families how many days of water they have left."],
                capabilities: ["NB-IoT smart water meters", "Automated meter reading", "Customer consumption app",
                               "Tamper and backflow detection", "Tank-level monitoring"]),
        ]),
        Theme(domains: ["air-quality", "environment"], subtopics: [
            Subtopic(
                needTitles: ["Dirty air on the way to school", "No idea which streets have the worst air"],
                symptoms: ["Children walk to school along roads thick with diesel fumes.",
                           "We have two reference stations for the whole city and no idea what people breathe street by street.",
                           "Asthma admissions rise every winter, but we cannot show where pollution comes from."],
                goals: ["We want a street-level picture of PM2.5 and NO2 that we can act on.",
                        "We want to warn families before bad-air days."],
                products: ["{name} deploys low-cost PM2.5 and NO2 sensor nodes calibrated against reference stations.",
                           "Hyperlocal dispersion models forecast pollution 48 hours ahead at street level.",
                           "Alerts reach parents and schools through messaging apps before smog episodes."],
                capabilities: ["Low-cost air-quality sensor networks", "Sensor calibration against reference monitors",
                               "48-hour air-quality forecasting", "Street-level pollution maps", "Smog alerts to schools"]),
            Subtopic(
                needTitles: ["Soot and smell from industry next to homes", "Factories blamed but never measured"],
                symptoms: ["Residents near the industrial zone complain of soot on their windows and a sulphur smell at night.",
                           "We cannot prove which plant is responsible when complaints spike.",
                           "Ships idling at the port run their engines all day next to housing."],
                goals: ["We want evidence of who emits what, and when.", "We want enforcement that stands up in court."],
                products: ["{name} installs continuous emissions monitoring on stacks and reports to regulators.",
                           "Its source-apportionment models combine wind data and sensor readings to trace plumes back to sources.",
                           "Shore-power planning tools estimate the emissions saved when ships plug in."],
                capabilities: ["Continuous emissions monitoring (CEMS)", "Source apportionment", "Plume back-tracing",
                               "Regulatory emissions reporting", "Port emissions inventories"]),
        ]),
        Theme(domains: ["flooding", "disaster-risk"], subtopics: [
            Subtopic(
                needTitles: ["Streets flooded within an hour of heavy rain", "Flash floods with no warning"],
                symptoms: ["Low-lying neighbourhoods flood within an hour of heavy rain and residents have no warning.",
                           "Drains and creeks overflow at night while people sleep.",
                           "Basements and underground car parks fill with water during storms."],
                goals: ["We want to warn residents early enough to move people and cars.",
                        "We want to know which drains overflow first."],
                products: ["{name} deploys water-level and rain-gauge stations along creeks and drains.",
                           "Nowcasting models predict street flooding an hour ahead from radar and gauge data.",
                           "Warnings go out by SMS, sirens and messaging apps in local languages."],
                capabilities: ["Water-level monitoring stations", "Rain gauges", "Flood nowcasting",
                               "SMS and siren early warning", "Drain overflow alerts"]),
            Subtopic(
                needTitles: ["Buildings we cannot say are safe", "Old housing stock and earthquake risk"],
                symptoms: ["Thousands of old buildings have never been assessed for earthquake safety.",
                           "Engineers can inspect a few dozen buildings a month.",
                           "After the last tremor, we did not know which schools to close."],
                goals: ["We want to rank buildings by risk so that scarce engineers go where it matters.",
                        "We want a survey method that scales to the whole city."],
                products: ["{name} screens building stock from street imagery and satellite data to estimate seismic vulnerability.",
                           "InSAR analysis measures millimetre ground and structure movement over time.",
                           "Inspectors use a mobile app for rapid visual screening."],
                capabilities: ["Seismic vulnerability screening", "InSAR deformation monitoring", "Rapid visual screening app",
                               "Building risk ranking", "Post-disaster damage assessment"]),
        ]),
        Theme(domains: ["mobility", "transit"], subtopics: [
            Subtopic(
                needTitles: ["Nobody knows when the bus comes", "Informal minibuses with no map or timetable"],
                symptoms: ["Passengers wait at stops with no idea when the next bus will arrive.",
                           "Most residents depend on informal minibuses that have no published routes.",
                           "Journey planners ignore our buses because we publish no data."],
                goals: ["We want real-time arrival information at stops and on phones.",
                        "We want a map of every route that apps can use."],
                products: ["{name} maps informal routes with GPS traces collected by riders and drivers.",
                           "It publishes GTFS and GTFS-Realtime feeds that journey planners consume.",
                           "Vehicle trackers and arrival prediction models feed stop displays."],
                capabilities: ["GTFS and GTFS-Realtime feeds", "Informal transit route mapping", "Arrival time prediction",
                               "Vehicle tracking", "Passenger information displays"]),
            Subtopic(
                needTitles: ["Night workers stranded after the metro closes", "Bus network drawn decades ago"],
                symptoms: ["Our bus lines follow routes drawn decades ago, and we do not know where people travel today.",
                           "Night-shift workers have no way home after the metro closes.",
                           "Some lines run empty while others are packed."],
                goals: ["We want to redesign the network around real travel demand.", "We want evidence for every new line."],
                products: ["{name} estimates origin-destination matrices from telecom, card and taxi data.",
                           "Its network-design optimiser proposes routes, stop spacing and frequencies.",
                           "Scenario comparisons forecast ridership for each option."],
                capabilities: ["Origin-destination matrix estimation", "Transit network design", "Ridership forecasting",
                               "Night and off-peak service planning", "Smart-card data analytics"]),
        ]),
        Theme(domains: ["parking", "mobility"], subtopics: [
            Subtopic(
                needTitles: ["Drivers circling for a parking space", "Visitors blocking narrow streets looking for parking"],
                symptoms: ["Drivers circle residential blocks for twenty minutes looking for a free space.",
                           "Cruising for parking causes a third of the traffic in the old town.",
                           "Visitors stop in the middle of narrow lanes because they cannot find a bay."],
                goals: ["We want to guide drivers straight to free spaces.", "We want to know occupancy street by street."],
                products: ["{name} detects bay occupancy with in-ground magnetometers or cameras.",
                           "An availability API feeds navigation apps and dynamic signs.",
                           "On-device anonymisation keeps camera images private."],
                capabilities: ["Parking bay occupancy sensing", "Parking guidance signage", "Availability API",
                               "Camera-based occupancy with on-device anonymisation", "Demand-based pricing analytics"]),
        ]),
        Theme(domains: ["energy", "buildings"], subtopics: [
            Subtopic(
                needTitles: ["Electricity bills of public buildings out of control", "Schools heated with the windows open"],
                symptoms: ["Energy bills of our schools, offices and clinics have doubled in three years.",
                           "Heating runs at full power at weekends in empty buildings.",
                           "Nobody knows which of our 300 buildings waste the most energy."],
                goals: ["We want to cut consumption without big construction works.", "We want every building's use on one screen."],
                products: ["{name} retrofits building management with IoT submeters and smart thermostats.",
                           "Its analytics benchmark buildings and flag waste such as heating empty rooms.",
                           "Energy-performance contracts are paid from guaranteed savings."],
                capabilities: ["IoT energy submetering", "Smart thermostat retrofits", "Building energy benchmarking",
                               "Energy performance contracting", "Rooftop solar feasibility"]),
            Subtopic(
                needTitles: ["Heat lost from old heating mains", "District heating bursts every winter"],
                symptoms: ["Our district heating pipes lose heat under the streets and burst every winter.",
                           "Whole neighbourhoods go without heating for days after a failure.",
                           "We replace pipes by age, not by condition."],
                goals: ["We want to find the worst sections before they fail.", "We want to plan replacement by risk."],
                products: ["{name} flies thermal drones over heating networks to locate hot spots from leaking pipes.",
                           "Its asset-risk model ranks pipe sections by failure probability.",
                           "Fibre-optic temperature sensing watches new pipes continuously."],
                capabilities: ["Thermal drone surveys", "Pipe failure risk modelling", "Distributed temperature sensing",
                               "District heating asset management"]),
        ]),
        Theme(domains: ["street-lighting", "energy"], subtopics: [
            Subtopic(
                needTitles: ["Dead street lamps unnoticed for weeks", "Street lighting bills rising"],
                symptoms: ["Broken street lamps stay dark for weeks until someone complains.",
                           "Street lighting is one of the largest items on our electricity bill.",
                           "Dark streets make residents, especially women, afraid to walk at night."],
                goals: ["We want to know instantly when a lamp fails and dim lights when streets are empty.",
                        "We want to halve lighting costs."],
                products: ["{name} retrofits LED luminaires with networked controllers.",
                           "A central management system reports failures and dims by schedule or presence.",
                           "Lighting poles host sensors and Wi-Fi."],
                capabilities: ["LED retrofit", "Networked streetlight controllers", "Central lighting management system",
                               "Failure reporting", "Adaptive dimming"]),
        ]),
        Theme(domains: ["public-safety", "crowd-management"], subtopics: [
            Subtopic(
                needTitles: ["Dangerously packed crowds at events", "Beaches and squares overcrowded on weekends"],
                symptoms: ["Crowds pack the promenade on summer weekends and we only react once it is dangerous.",
                           "Festival exits jam and stewards cannot see the whole site.",
                           "Control-room staff watch hundreds of camera feeds by eye."],
                goals: ["We want warnings before crowd density becomes dangerous.", "We want to redirect people in time."],
                products: ["{name} estimates crowd density per square metre from existing CCTV.",
                           "Crush-risk models trigger alerts to field staff and public displays.",
                           "Video analytics run in the control centre without storing faces."],
                capabilities: ["Crowd density estimation", "Crowd-crush risk prediction", "Video analytics for control rooms",
                               "Public display warnings", "Privacy-preserving CCTV analytics"]),
            Subtopic(
                needTitles: ["Women harassed on public transport", "Unsafe walks home at night"],
                symptoms: ["Women report harassment on buses and at stations, but most incidents are never recorded.",
                           "Residents avoid certain streets after dark.",
                           "Police patrols are not where incidents happen."],
                goals: ["We want to know where and when people feel unsafe and respond faster.",
                        "We want a reporting channel people trust."],
                products: ["{name} offers a safety app with discreet incident reporting and trusted-contact alerts.",
                           "Hotspot maps from reports guide patrols and lighting.",
                           "Operators receive panic alerts with location."],
                capabilities: ["Discreet incident reporting app", "Panic button with location sharing", "Safety hotspot mapping",
                               "Patrol planning analytics"]),
        ]),
        Theme(domains: ["e-government", "civic-participation"], subtopics: [
            Subtopic(
                needTitles: ["Residents' complaints lost between departments", "Queues to renew permits"],
                symptoms: ["Complaints arrive by phone, social media and paper, and many are never answered.",
                           "Business owners queue for hours every January to renew permits.",
                           "Departments re-enter the same data into different systems."],
                goals: ["We want one channel where every request is tracked until it is resolved.",
                        "We want permits renewed online in minutes."],
                products: ["{name} provides a 311-style case management platform with omnichannel intake.",
                           "Low-code forms digitise permits and licences with online payment.",
                           "Dashboards show response times by department."],
                capabilities: ["311 case management", "Omnichannel request intake", "Online permits and licensing",
                               "E-payment integration", "Service-level dashboards"]),
            Subtopic(
                needTitles: ["Few residents join participatory budgeting", "Consultations only reach the usual voices"],
                symptoms: ["Only a few hundred people vote in our participatory budget.",
                           "Public meetings are attended by the same small group.",
                           "Young people say the city never listens."],
                goals: ["We want many more residents to propose and vote on projects.", "We want to reach people who never come to meetings."],
                products: ["{name} runs digital participation platforms for proposals, debates and voting.",
                           "Identity-verified voting works on phones and in kiosks.",
                           "Natural-language analysis clusters thousands of comments."],
                capabilities: ["Participatory budgeting platform", "Verified online voting", "Comment clustering",
                               "Offline kiosks for participation"]),
        ]),
        Theme(domains: ["tourism", "local-economy"], subtopics: [
            Subtopic(
                needTitles: ["Visitors crowding a few streets", "Tourists never leave the old town"],
                symptoms: ["Visitors crowd the same three streets and never see the rest of the city.",
                           "Residents of the centre complain about overtourism.",
                           "Shops outside the centre see no visitors at all."],
                goals: ["We want to spread visitors across neighbourhoods and seasons.", "We want to measure visitor flows."],
                products: ["{name} measures visitor flows from anonymised mobile data and Wi-Fi counts.",
                           "Its itinerary app recommends less crowded places in real time.",
                           "Merchants outside the centre join digital trails and offers."],
                capabilities: ["Visitor flow analytics", "Crowd-aware itinerary recommendations", "Digital heritage trails",
                               "Destination management dashboards"]),
        ]),
        Theme(domains: ["health", "elderly-care"], subtopics: [
            Subtopic(
                needTitles: ["Older people living alone and unnoticed", "Elderly residents suffering in heat waves"],
                symptoms: ["Older people living alone are sometimes found days after a fall.",
                           "Social workers cannot call every isolated resident every day.",
                           "Heat waves hit elderly residents in top-floor flats hardest."],
                goals: ["We want to notice when someone needs help before it is too late.", "We want caseworkers to focus on who needs them."],
                products: ["{name} places non-intrusive activity sensors in homes and detects unusual inactivity.",
                           "AI check-in calls talk to residents daily and escalate to caseworkers.",
                           "Indoor temperature sensors trigger heat-wave visits."],
                capabilities: ["Ambient activity monitoring", "Fall and inactivity alerts", "AI daily check-in calls",
                               "Caseworker escalation workflow", "Indoor heat monitoring"]),
        ]),
        Theme(domains: ["connectivity", "digital-inclusion"], subtopics: [
            Subtopic(
                needTitles: ["Residents priced out of mobile data", "Older people shut out of online services"],
                symptoms: ["Young people and market vendors cannot afford mobile data.",
                           "Public services moved online and older residents cannot book appointments.",
                           "Libraries have computers, but nobody teaches people to use them."],
                goals: ["We want affordable access and the skills to use it.", "We want nobody left behind by online-only services."],
                products: ["{name} builds community Wi-Fi meshes with low-cost access points.",
                           "Its digital-skills programme trains volunteers to coach residents.",
                           "Assisted-service kiosks help people complete online forms."],
                capabilities: ["Community Wi-Fi mesh networks", "Digital skills training", "Assisted digital service kiosks",
                               "Low-cost connectivity vouchers"]),
        ]),
    ]

    /// Off-topic providers whose words overlap with city problems (the sample's keyword traps).
    static let offTopic: [Subtopic] = [
        Subtopic(needTitles: [], symptoms: [], goals: [],
                 products: ["{name} stops data leaks by classifying documents and blocking risky uploads.",
                            "Its agents watch endpoints for sensitive files leaving the company."],
                 capabilities: ["Data-leak prevention", "Document classification", "Endpoint monitoring"]),
        Subtopic(needTitles: [], symptoms: [], goals: [],
                 products: ["{name} absorbs traffic floods from DDoS attacks at the network edge.",
                            "Its scrubbing centres keep web services online under attack."],
                 capabilities: ["DDoS mitigation", "Web application firewall", "Bot management"]),
        Subtopic(needTitles: [], symptoms: [], goals: [],
                 products: ["{name} helps sales teams manage their pipeline and forecast revenue.",
                            "Its CRM integrations score leads automatically."],
                 capabilities: ["Sales pipeline analytics", "Lead scoring", "CRM integration"]),
        Subtopic(needTitles: [], symptoms: [], goals: [],
                 products: ["{name} tracks warehouse bin locations and lot inventory with barcode scanners.",
                            "Pickers follow optimised routes through the warehouse."],
                 capabilities: ["Warehouse bin management", "Lot inventory tracking", "Pick-path optimisation"]),
        Subtopic(needTitles: [], symptoms: [], goals: [],
                 products: ["{name} builds employee engagement heatmaps from HR surveys.",
                            "Managers see attrition risk by team."],
                 capabilities: ["Employee engagement surveys", "Attrition prediction", "HR analytics"]),
    ]

    static let needContexts = [
        "The problem is worst in {district}, where about {count} people live.",
        "It has become a political issue since the last council elections.",
        "Complaints to the city hotline about this doubled over the past two years.",
        "Previous pilots with paper-based processes did not last beyond one season.",
        "The situation gets worse during {season}.",
        "Our staff are few, and any solution must be simple to operate.",
    ]

    static let needConstraints = [
        "Any tool and its training must be available in {language} for municipal staff.",
        "Reports must be delivered in {language}.",
        "The budget for a first phase is about {budget}.",
        "Data must stay on servers in the country.",
        "We need a working pilot within {months} months.",
    ]

    static let startupClosers = [
        "Founded in {founded}, the team of {team} has deployed in {references}.",
        "Deployments are delivered in {languages}.",
        "Pricing is per device with a yearly platform fee.",
        "The platform is offered as software-as-a-service with on-premise options.",
        "It works with existing municipal systems through open APIs.",
    ]

    static let districts = ["the old town", "the northern districts", "the riverside neighbourhoods", "the informal settlements",
                            "the industrial belt", "the hillside districts", "the city centre", "the new suburbs"]
    static let seasons = ["the rainy season", "winter", "summer", "the holiday season", "the dry season"]
    static let nameStems = ["Urb", "Civi", "Metro", "Aqua", "Terra", "Volt", "Nova", "Flux", "Grid", "Mesh", "Sens", "Route",
                            "Clear", "Bright", "Green", "Blue", "Safe", "Smart", "Open", "Pulse", "Loop", "Node", "Atlas", "Orbit"]
    static let nameTails = ["ly", "io", "ra", "ix", "on", "a", "era", "ium", "scape", "wise", "link", "sense", "flow", "hub", "works"]
    static let nameSuffixes = ["", " Labs", " Analytics", " Systems", " Technologies", " AI", " Networks", " Solutions"]
    /// Where synthetic startups are headquartered (weighted by repetition).
    static let startupCountries = ["KR", "KR", "KR", "US", "US", "US", "GB", "GB", "IN", "IN", "ES", "KE", "NL", "FR", "DE",
                                   "SG", "BR", "CO", "MX", "NG", "RW", "PH", "ID", "VN", "JP", "EE", "IL", "AE", "ZA", "CL"]
    static let regionMarkets = ["EU", "LATAM", "APAC", "MENA", "East Africa", "West Africa", "SEA", "Central Asia", "Global"]
}
