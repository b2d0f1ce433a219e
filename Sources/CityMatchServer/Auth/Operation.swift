/// Every endpoint of the API, named by its OpenAPI `operationId`.
///
/// The route table, the access policy and the OpenAPI document all key on these names, and
/// the tests check that the three agree.
public enum Operation: String, Sendable, CaseIterable {
    case getHealth
    case getMetrics
    case getOpenAPI
    case search
    case listCities
    case getCity
    case putCity
    case getNeed
    case putNeed
    case deleteNeed
    case getNeedMatches
    case getStartup
    case putStartup
    case deleteStartup
    case getStartupFit
    case explain
    case createShortlists
}
