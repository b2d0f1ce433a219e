extension MatchEngine {
    /// The ten facet values of one pair, from the channel scores, the evidence facet's value
    /// (``evidenceAlignment(_:candidates:)``; nil when missing or not yet computed) and the
    /// prepared facet inputs of both sides (`lists` read from ``facetLists``).
    ///
    /// - Complexity: O(the pair's languages, domain words, markets and references).
    func facetValues(_ query: inout QueryFacetInputs, _ lists: StartupFacetLists.Reader, startup i: Int,
                     semantic: Float, lexical: Float, evidence: Double?) -> FacetValues {
        let minimumContract = lists.minimumContract(i)
        let budget = query.budgetUSD
        let languages = lists[i, .languages]
        var values = FacetValues()
        values[.semantic] = Double(max(0, semantic))
        values[.evidence] = evidence
        values[.lexical] = Double(lexical)
        values[.domains] = query.domains(words: lists[i, .domainWords])
        values[.language] = query.language(offered: languages)
        values[.budget] = ConstraintFacets.budget(budgetUSD: budget, minimumContractUSD: minimumContract)
        values[.trackRecord] = query.trackRecord(lists[i, .places])
        values[.market] = query.market(lists[i, .markets])
        values[.workingLanguage] = query.workingLanguage(offered: languages)
        values[.dealSize] = ConstraintFacets.dealSize(budgetUSD: budget, minimumContractUSD: minimumContract)
        return values
    }

    /// The query side of the facets, numbered with this catalog's vocabulary.
    ///
    /// - Complexity: O(the query's fields + the catalog's distinct markets and places).
    func facetInputs(_ query: MatchQuery) -> QueryFacetInputs {
        QueryFacetInputs(query, resolver: resolver, vocabulary: facetLists.vocabulary)
    }
}
