extension MatchEngine {
    /// The ten facet values of one pair, from the channel scores, the evidence facet's value
    /// (``evidenceAlignment(_:candidates:)``; nil when missing or not yet computed) and the
    /// prepared facet inputs of both sides.
    ///
    /// - Complexity: O(the pair's languages, domain words, markets and references).
    func facetValues(_ query: QueryFacetInputs, startup i: Int, semantic: Float, lexical: Float, evidence: Double?) -> FacetValues {
        // Not `let startup = catalog.startups[i]`: that copies the record, retaining each of its fields, per candidate.
        let minimumContract = catalog.startups[i].minContractUSD
        let inputs = facetInputs[i]
        let budget = query.budgetUSD
        var values = FacetValues()
        values[.semantic] = Double(max(0, semantic))
        values[.evidence] = evidence
        values[.lexical] = Double(lexical)
        values[.domains] = ConstraintFacets.domains(words: query.domainWords, inputs.domainWords)
        values[.language] = ConstraintFacets.language(required: query.languages, offeredSet: inputs.languages)
        values[.budget] = ConstraintFacets.budget(budgetUSD: budget, minimumContractUSD: minimumContract)
        values[.trackRecord] = ConstraintFacets.trackRecord(city: query.city, references: inputs.references)
        values[.market] = query.city.flatMap { city in
            inputs.markets.map { MarketRegions.coverage(of: city.country, normalizedRegion: query.cityRegion, by: $0) }
        }
        values[.workingLanguage] = ConstraintFacets.workingLanguage(citySet: query.cityWorkingLanguages, offeredSet: inputs.languages)
        values[.dealSize] = ConstraintFacets.dealSize(budgetUSD: budget, minimumContractUSD: minimumContract)
        return values
    }
}
