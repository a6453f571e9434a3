/// Word lists the demo generator draws names from.
enum DemoNames {
    static let firstNames = [
        "Ana", "Ben", "Chloé", "David", "Eva", "Farid", "Greta", "Hugo", "Ines", "Jonas", "Kemal", "Lena",
        "Marta", "Nils", "Olga", "Pedro", "Quentin", "Rosa", "Sven", "Tara", "Ugo", "Vera", "Wen", "Yusuf", "Zoë",
    ]
    static let lastNames = [
        "Almeida", "Berger", "Costa", "Dubois", "Eriksen", "Fischer", "García", "Huber", "Ivanova", "Jansen",
        "Kowalski", "Lindqvist", "Moreau", "Nowak", "O'Brien", "Petrov", "Rossi", "Schmidt", "Tanaka", "Weber",
    ]
    static let adjectives = [
        "Customer", "Digital", "Unified", "Cloud", "Mobile", "Smart", "Global", "Secure", "Lean", "Open",
        "Real-time", "Self-service", "Next-gen", "Integrated", "Automated",
    ]
    static let nouns = [
        "Portal", "Billing", "CRM", "Data Platform", "Warehouse", "Onboarding", "Payments", "Analytics",
        "Supply Chain", "HR Suite", "Identity", "Logistics", "Pricing Engine", "Service Desk", "Archive",
    ]
    static let roles = ["developer", "architect", "business analyst", "tester", "designer", "data engineer", "project manager"]
    static let skills = ["swift", "sql", "java", "ux", "testing", "cloud", "security", "data", "sap", "agile"]
    static let riskTitles = [
        "Key supplier delivers late", "Scope creep from business units", "Loss of key developer",
        "Integration with legacy system harder than planned", "Regulatory change", "Test environment unavailable",
        "Budget cut at mid-year review", "Data migration quality", "Vendor licence cost increase", "Security audit findings",
    ]
    static let issueTitles = [
        "Build pipeline broken", "Requirements conflict between departments", "Contractor left the team",
        "Performance below target in load test", "Late sign-off of design", "Hardware delivery delayed",
    ]
    static let changeTitles = [
        "Add reporting module", "Support second language", "Extend pilot to new region", "Replace logging tool",
        "Drop legacy export", "Add mobile channel",
    ]
    static let benefitNames = ["Yearly cost savings", "Hours saved per month", "Extra revenue", "Customer satisfaction"]
}
