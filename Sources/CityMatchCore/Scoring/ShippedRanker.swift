/// The trained default weights (the same as the committed `models/ranker.json`), used when
/// no weights file is given, so ranking works on catalogs without judgments.
public enum ShippedRanker {
    public static let weights = RankerWeights.uniform
}
