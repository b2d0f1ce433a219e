import Foundation

/// all-MiniLM-L6-v2 (or any BERT encoder of the same shape) as a native
/// sentence encoder: BERT forward pass on OpenBLAS, mean pooling over the real
/// tokens, L2 normalisation — the sentence-transformers pipeline.
///
/// Batching: texts are tokenized, sorted by token count and grouped into
/// batches of at most `maxBatchTokens` tokens. Within a batch the sequences are
/// *packed* (concatenated without padding), so every dense layer — the fused
/// Q/K/V projection, the attention output, FFN up and FFN down — is one `sgemm`
/// over all tokens of the batch, and attention runs per sequence and head on
/// that sequence's own rows only. That is exactly a padded batch with a
/// padding mask, minus the wasted padded rows.
///
/// The value is immutable after `init` (weights are copied out of the file into
/// arrays), holds no global state, and is safe to use from several threads.
public struct MiniLMEncoder: SentenceEncoder {
    public let modelID: String
    public let config: MiniLMConfig
    public let tokenizer: BertTokenizer
    /// Token budget of one batch (the sum of the texts' token counts).
    public private(set) var maxBatchTokens: Int
    /// Threads for the non-BLAS passes (attention, GELU, LayerNorm): the active processor count.
    public let workers: Int
    public var dimension: Int { config.hiddenSize }

    @usableFromInline
    struct Layer: Sendable {
        /// Query, key and value weights stacked: `3H × H` (PyTorch `out × in` layout).
        var qkvWeight: [Float]
        var qkvBias: [Float]
        var attentionOutWeight: [Float]
        var attentionOutBias: [Float]
        var attentionNormGamma: [Float]
        var attentionNormBeta: [Float]
        var upWeight: [Float]
        var upBias: [Float]
        var downWeight: [Float]
        var downBias: [Float]
        var outputNormGamma: [Float]
        var outputNormBeta: [Float]
    }

    @usableFromInline let wordEmbeddings: [Float]
    @usableFromInline let positionEmbeddings: [Float]
    @usableFromInline let tokenTypeEmbedding: [Float]
    @usableFromInline let embeddingNormGamma: [Float]
    @usableFromInline let embeddingNormBeta: [Float]
    @usableFromInline let layers: [Layer]

    /// Loads the weights from a safetensors view, checking every tensor's shape
    /// against `config`. Accepts tensor names with or without a `bert.` prefix.
    ///
    /// - Complexity: O(number of parameters) (one copy of every weight).
    public init(tokenizer: BertTokenizer, config: MiniLMConfig, weights: SafetensorsView,
                modelID: String = "sentence-transformers/all-MiniLM-L6-v2", maxBatchTokens: Int = 4096) throws {
        try config.validate()
        guard tokenizer.vocabularySize == config.vocabSize else {
            throw MiniLMConfigError.unsupported("tokenizer vocabulary has \(tokenizer.vocabularySize) tokens, config says vocab_size \(config.vocabSize)")
        }
        guard tokenizer.maxLength <= config.maxPositionEmbeddings else {
            throw MiniLMConfigError.unsupported("tokenizer max length \(tokenizer.maxLength) exceeds max_position_embeddings \(config.maxPositionEmbeddings)")
        }
        let prefix = weights.tensors["bert.embeddings.word_embeddings.weight"] != nil ? "bert." : ""
        func t(_ name: String, _ shape: [Int]) throws -> [Float] { try weights.floats(prefix + name, shape: shape) }
        let h = config.hiddenSize, inter = config.intermediateSize
        wordEmbeddings = try t("embeddings.word_embeddings.weight", [config.vocabSize, h])
        positionEmbeddings = try t("embeddings.position_embeddings.weight", [config.maxPositionEmbeddings, h])
        tokenTypeEmbedding = Array(try t("embeddings.token_type_embeddings.weight", [config.typeVocabSize, h])[0..<h])
        embeddingNormGamma = try t("embeddings.LayerNorm.weight", [h])
        embeddingNormBeta = try t("embeddings.LayerNorm.bias", [h])
        var layers: [Layer] = []
        for i in 0..<config.numHiddenLayers {
            let p = "encoder.layer.\(i)."
            let qkvWeight = try t(p + "attention.self.query.weight", [h, h])
                + t(p + "attention.self.key.weight", [h, h])
                + t(p + "attention.self.value.weight", [h, h])
            let qkvBias = try t(p + "attention.self.query.bias", [h])
                + t(p + "attention.self.key.bias", [h])
                + t(p + "attention.self.value.bias", [h])
            layers.append(Layer(
                qkvWeight: qkvWeight, qkvBias: qkvBias,
                attentionOutWeight: try t(p + "attention.output.dense.weight", [h, h]),
                attentionOutBias: try t(p + "attention.output.dense.bias", [h]),
                attentionNormGamma: try t(p + "attention.output.LayerNorm.weight", [h]),
                attentionNormBeta: try t(p + "attention.output.LayerNorm.bias", [h]),
                upWeight: try t(p + "intermediate.dense.weight", [inter, h]),
                upBias: try t(p + "intermediate.dense.bias", [inter]),
                downWeight: try t(p + "output.dense.weight", [h, inter]),
                downBias: try t(p + "output.dense.bias", [h]),
                outputNormGamma: try t(p + "output.LayerNorm.weight", [h]),
                outputNormBeta: try t(p + "output.LayerNorm.bias", [h])))
        }
        self.layers = layers
        self.tokenizer = tokenizer
        self.config = config
        self.modelID = modelID
        self.maxBatchTokens = max(maxBatchTokens, 1)
        self.workers = max(1, ProcessInfo.processInfo.activeProcessorCount)
    }

    /// The same encoder with another batch token budget (a batch always holds at least one text).
    ///
    /// - Complexity: O(1) (weights are shared copy-on-write arrays).
    public func withMaxBatchTokens(_ tokens: Int) -> MiniLMEncoder {
        var copy = self
        copy.maxBatchTokens = max(tokens, 1)
        return copy
    }

    /// Embeds texts: one L2-normalised row per text, in input order.
    ///
    /// - Complexity: O(Σ nᵢ · P + Σ nᵢ² · H) for texts of nᵢ tokens, with P the
    ///   parameters per token (≈ 12·H² per layer) and H the hidden size.
    public func encode(_ texts: [String]) throws -> Matrix {
        encode(tokenized: tokenizer.encode(texts))
    }

    /// Embeds already tokenized texts (ids as produced by `tokenizer`), in input order.
    ///
    /// - Complexity: as `encode(_:)`.
    public func encode(tokenized: [BertEncoding]) -> Matrix {
        let h = config.hiddenSize
        var result = Matrix(rows: tokenized.count, columns: h)
        guard !tokenized.isEmpty else { return result }
        for (i, e) in tokenized.enumerated() {
            precondition(e.ids.count <= config.maxPositionEmbeddings,
                         "text \(i) has \(e.ids.count) tokens, more than max_position_embeddings \(config.maxPositionEmbeddings)")
            precondition(e.ids.allSatisfy { $0 >= 0 && Int($0) < config.vocabSize }, "text \(i) has a token id outside the vocabulary")
        }
        let order = tokenized.indices.sorted {
            (tokenized[$0].ids.count, $0) < (tokenized[$1].ids.count, $1)
        }
        var workspace = Workspace()
        var start = 0
        while start < order.count {
            var end = start
            var tokens = 0
            while end < order.count, end == start || tokens + tokenized[order[end]].ids.count <= maxBatchTokens {
                tokens += tokenized[order[end]].ids.count
                end += 1
            }
            let batch = order[start..<end].map { tokenized[$0].ids }
            let pooled = forward(batch, workspace: &workspace)
            result.storage.withUnsafeMutableBufferPointer { out in
                pooled.withUnsafeBufferPointer { src in
                    for (k, index) in order[start..<end].enumerated() {
                        (out.baseAddress! + index * h).update(from: src.baseAddress! + k * h, count: h)
                    }
                }
            }
            start = end
        }
        return result
    }

    /// Scratch buffers reused across the batches of one `encode` call.
    @usableFromInline
    struct Workspace {
        var hidden: [Float] = []
        var attention: [Float] = []
        var qkv: [Float] = []
        var context: [Float] = []
        var intermediate: [Float] = []
        var scores: [Float] = []

        @usableFromInline
        mutating func reserve(tokens: Int, longest: Int, hidden h: Int, intermediate inter: Int, workers: Int) {
            func grow(_ a: inout [Float], _ n: Int) { if a.count < n { a = [Float](repeating: 0, count: n) } }
            grow(&hidden, tokens * h)
            grow(&attention, tokens * h)
            grow(&qkv, tokens * 3 * h)
            grow(&context, tokens * h)
            grow(&intermediate, tokens * inter)
            grow(&scores, max(workers, 1) * longest * longest)
        }
    }

    /// The forward pass of one packed batch; returns `batch.count × H` pooled, normalised rows.
    ///
    /// - Complexity: O(T · P + Σ nᵢ² · H) for T = Σ nᵢ tokens.
    @usableFromInline
    func forward(_ batch: [[Int32]], workspace ws: inout Workspace) -> [Float] {
        let h = config.hiddenSize, inter = config.intermediateSize
        let d = config.headSize
        let eps = config.layerNormEps
        let lengths = batch.map(\.count)
        let total = lengths.reduce(0, +)
        let longest = lengths.max() ?? 0
        var offsets: [Int] = []
        offsets.reserveCapacity(batch.count)
        var running = 0
        for n in lengths { offsets.append(running); running += n }
        ws.reserve(tokens: total, longest: longest, hidden: h, intermediate: inter, workers: workers)
        var pooled = [Float](repeating: 0, count: batch.count * h)

        ws.hidden.withUnsafeMutableBufferPointer { xBuf in
        ws.attention.withUnsafeMutableBufferPointer { aBuf in
        ws.qkv.withUnsafeMutableBufferPointer { qkvBuf in
        ws.context.withUnsafeMutableBufferPointer { ctxBuf in
        ws.intermediate.withUnsafeMutableBufferPointer { ffBuf in
        ws.scores.withUnsafeMutableBufferPointer { sBuf in
            let x = xBuf.baseAddress!, a = aBuf.baseAddress!, qkv = qkvBuf.baseAddress!
            let ctx = ctxBuf.baseAddress!, ff = ffBuf.baseAddress!, scores = sBuf.baseAddress!

            // Embeddings: word + position + token type 0, then LayerNorm.
            embed(batch, into: x)
            embeddingNormGamma.withUnsafeBufferPointer { g in
                embeddingNormBeta.withUnsafeBufferPointer { b in
                    EncoderKernels.layerNorm(x, rows: total, width: h, gamma: g.baseAddress!, beta: b.baseAddress!, eps: eps)
                }
            }
            let scale = 1 / Float(d).squareRoot()
            for layer in layers {
                // Fused Q/K/V projection: qkv = x · Wqkvᵀ + b.
                dense(x, rows: total, inWidth: h, weight: layer.qkvWeight, bias: layer.qkvBias, outWidth: 3 * h, residual: nil, into: qkv)
                // Attention per sequence and head, on that sequence's rows only;
                // sequences are shared out (strided, as they are sorted by length) among the workers.
                let attentionWorkers = min(workers, lengths.count)
                EncoderKernels.parallelChunks(count: attentionWorkers, workers: attentionWorkers, minimumPerChunk: 1) { range in
                    for worker in range {
                        let s0 = scores + worker * longest * longest
                        for s in stride(from: worker, to: lengths.count, by: attentionWorkers) {
                            attend(qkv: qkv + offsets[s] * 3 * h, rows: lengths[s], scores: s0, scale: scale, into: ctx + offsets[s] * h)
                        }
                    }
                }
                // Attention output projection + residual, LayerNorm.
                dense(ctx, rows: total, inWidth: h, weight: layer.attentionOutWeight, bias: layer.attentionOutBias,
                      outWidth: h, residual: x, into: a)
                norm(a, rows: total, gamma: layer.attentionNormGamma, beta: layer.attentionNormBeta)
                // Feed-forward: GELU(a · W1ᵀ + b1) · W2ᵀ + b2 + a, LayerNorm.
                layer.upWeight.withUnsafeBufferPointer { w in
                    BLAS.sgemm(transposeB: true, m: total, n: inter, k: h, a: a, lda: h, b: w.baseAddress!, ldb: h,
                               beta: 0, c: ff, ldc: inter)
                }
                layer.upBias.withUnsafeBufferPointer { b in
                    EncoderKernels.parallelChunks(count: total, workers: workers, minimumPerChunk: 32) { rows in
                        EncoderKernels.biasGELU(ff + rows.lowerBound * inter, rows: rows.count, width: inter, bias: b.baseAddress!)
                    }
                }
                dense(ff, rows: total, inWidth: inter, weight: layer.downWeight, bias: layer.downBias,
                      outWidth: h, residual: a, into: x)
                norm(x, rows: total, gamma: layer.outputNormGamma, beta: layer.outputNormBeta)
            }
            pooled.withUnsafeMutableBufferPointer { out in
                for (s, n) in lengths.enumerated() {
                    EncoderKernels.meanPoolNormalize(x + offsets[s] * h, rows: n, width: h, into: out.baseAddress! + s * h)
                }
            }
        }}}}}}
        return pooled
    }

    /// Sum of word, position and token-type-0 embeddings for each packed token.
    @usableFromInline
    func embed(_ batch: [[Int32]], into x: UnsafeMutablePointer<Float>) {
        let h = config.hiddenSize
        wordEmbeddings.withUnsafeBufferPointer { word in
        positionEmbeddings.withUnsafeBufferPointer { pos in
        tokenTypeEmbedding.withUnsafeBufferPointer { type in
            var row = 0
            for ids in batch {
                for (p, id) in ids.enumerated() {
                    let w = word.baseAddress! + Int(id) * h
                    let e = pos.baseAddress! + p * h
                    let out = x + row * h
                    for c in 0..<h { out[c] = w[c] + e[c] + type[c] }
                    row += 1
                }
            }
        }}}
    }

    /// `out = input · weightᵀ + bias (+ residual)`: seeds `out`, then one `sgemm` with `beta = 1`.
    @usableFromInline
    func dense(_ input: UnsafePointer<Float>, rows: Int, inWidth: Int, weight: [Float], bias: [Float],
               outWidth: Int, residual: UnsafePointer<Float>?, into out: UnsafeMutablePointer<Float>) {
        bias.withUnsafeBufferPointer { b in
            if let residual {
                EncoderKernels.residualPlusBias(residual, b.baseAddress!, rows: rows, width: outWidth, into: out)
            } else {
                EncoderKernels.broadcastRows(b.baseAddress!, rows: rows, width: outWidth, into: out)
            }
        }
        weight.withUnsafeBufferPointer { w in
            BLAS.sgemm(transposeB: true, m: rows, n: outWidth, k: inWidth,
                       a: input, lda: inWidth, b: w.baseAddress!, ldb: inWidth,
                       beta: 1, c: out, ldc: outWidth)
        }
    }

    @usableFromInline
    func norm(_ x: UnsafeMutablePointer<Float>, rows: Int, gamma: [Float], beta: [Float]) {
        let h = config.hiddenSize
        gamma.withUnsafeBufferPointer { g in
            beta.withUnsafeBufferPointer { b in
                EncoderKernels.parallelChunks(count: rows, workers: workers, minimumPerChunk: 128) { r in
                    EncoderKernels.layerNorm(x + r.lowerBound * h, rows: r.count, width: h, gamma: g.baseAddress!, beta: b.baseAddress!,
                                             eps: config.layerNormEps)
                }
            }
        }
    }

    /// Multi-head self-attention of one sequence of `rows` tokens: reads its
    /// Q/K/V rows (stride 3H) and writes its context rows (stride H).
    @usableFromInline
    func attend(qkv: UnsafePointer<Float>, rows n: Int, scores: UnsafeMutablePointer<Float>, scale: Float,
                into ctx: UnsafeMutablePointer<Float>) {
        let h = config.hiddenSize, d = config.headSize
        for head in 0..<config.numAttentionHeads {
            let q = qkv + head * d
            let k = q + h
            let v = q + 2 * h
            BLAS.sgemm(transposeB: true, m: n, n: n, k: d, alpha: scale,
                       a: q, lda: 3 * h, b: k, ldb: 3 * h, c: scores, ldc: n)
            EncoderKernels.softmaxRows(scores, rows: n, columns: n, stride: n)
            BLAS.sgemm(m: n, n: d, k: n, a: scores, lda: n, b: v, ldb: 3 * h,
                       c: ctx + head * d, ldc: h)
        }
    }
}
