namespace KccAssistant.Tests.Embeddings;

/// <summary>Small models built in the tests: SentencePiece model files and ONNX graphs shaped like a BERT export.</summary>
internal static class TestModels
{
    public const int Normal = 1;
    public const int Unknown = 2;
    public const int Control = 3;

    /// <summary>
    /// A SentencePiece ModelProto (sentencepiece_model.proto) of a Unigram model without normalization rules:
    /// pieces (1: piece, 2: score, 3: type), trainer_spec (3: model_type, 40-42: unk/bos/eos ids),
    /// normalizer_spec (3: add_dummy_prefix, 4: remove_extra_whitespaces, 5: escape_whitespaces).
    /// </summary>
    public static byte[] SentencePieceModel(IEnumerable<(string Piece, float Score, int Type)> pieces, int unknownId, int beginningId, int endId)
    {
        var model = new Protobuf();
        var count = 0;
        foreach (var (piece, score, type) in pieces)
        {
            model.Message(1, new Protobuf().String(1, piece).Float(2, score).Varint(3, type));
            count++;
        }

        model.Message(2, new Protobuf()
            .Varint(3, 1) // UNIGRAM
            .Varint(4, count)
            .Varint(40, unknownId)
            .Varint(41, beginningId)
            .Varint(42, endId)
            .Varint(43, -1));
        model.Message(3, new Protobuf().String(1, "identity").Varint(3, 1).Varint(4, 1).Varint(5, 1));
        return model.ToArray();
    }

    /// <summary>
    /// An ONNX model (ir_version 8, opset 13) whose <c>last_hidden_state</c> [batch, sequence, hidden] for token t is
    /// <c>table[id_t] + Σ_s table[id_s]</c>, the sum over every position of the row including padding, so the padding id
    /// shows in the result. With <paramref name="tokenTypeIds"/> it also adds <c>typeTable[type_t]</c>. The attention mask is
    /// an input, as in real exports, but unused: pooling is what must respect it.
    /// </summary>
    public static byte[] OnnxGraph(float[][] table, bool tokenTypeIds, float[][]? typeTable = null)
    {
        var hidden = table[0].Length;
        var graph = new Protobuf().String(2, "tiny-bert");
        graph.Message(1, Node("Gather", ["table", "input_ids"], ["states"]));
        graph.Message(1, Node("ReduceSum", ["states", "axes"], ["total"]));
        if (tokenTypeIds)
        {
            graph.Message(1, Node("Gather", ["type_table", "token_type_ids"], ["types"]));
            graph.Message(1, Node("Add", ["states", "types"], ["typed"]));
            graph.Message(1, Node("Add", ["typed", "total"], ["last_hidden_state"]));
        }
        else
        {
            graph.Message(1, Node("Add", ["states", "total"], ["last_hidden_state"]));
        }

        graph.Message(5, FloatTensor("table", table));
        graph.Message(5, new Protobuf().PackedInt64s(1, [1]).Varint(2, 7).PackedInt64s(7, [1]).String(8, "axes"));
        if (tokenTypeIds)
        {
            graph.Message(5, FloatTensor("type_table", typeTable ?? [new float[hidden], new float[hidden]]));
        }

        graph.Message(11, Input("input_ids"));
        graph.Message(11, Input("attention_mask"));
        if (tokenTypeIds)
        {
            graph.Message(11, Input("token_type_ids"));
        }

        var outputShape = new Protobuf()
            .Message(1, new Protobuf().String(2, "batch"))
            .Message(1, new Protobuf().String(2, "sequence"))
            .Message(1, new Protobuf().Varint(1, hidden));
        graph.Message(12, new Protobuf().String(1, "last_hidden_state")
            .Message(2, new Protobuf().Message(1, new Protobuf().Varint(1, 1).Message(2, outputShape))));

        return new Protobuf()
            .Varint(1, 8)
            .String(2, "kcc-tests")
            .Message(7, graph)
            .Message(8, new Protobuf().String(1, "").Varint(2, 13))
            .ToArray();

        static Protobuf Node(string op, string[] inputs, string[] outputs)
        {
            var node = new Protobuf();
            foreach (var input in inputs)
            {
                node.String(1, input);
            }

            foreach (var output in outputs)
            {
                node.String(2, output);
            }

            return node.String(3, op + "_" + outputs[0]).String(4, op);
        }

        static Protobuf FloatTensor(string name, float[][] rows) => new Protobuf()
            .PackedInt64s(1, [rows.Length, rows[0].Length])
            .Varint(2, 1) // FLOAT
            .PackedFloats(4, rows.SelectMany(r => r))
            .String(8, name);

        static Protobuf Input(string name)
        {
            var shape = new Protobuf()
                .Message(1, new Protobuf().String(2, "batch"))
                .Message(1, new Protobuf().String(2, "sequence"));
            return new Protobuf().String(1, name)
                .Message(2, new Protobuf().Message(1, new Protobuf().Varint(1, 7).Message(2, shape))); // INT64
        }
    }

    /// <summary>Row <c>i</c> of a lookup table with <paramref name="hidden"/> columns, easy to reason about: [1, i, i mod 7, …].</summary>
    public static float[][] Table(int rows, int hidden) =>
        Enumerable.Range(0, rows).Select(i => Enumerable.Range(0, hidden).Select(c => c switch
        {
            0 => 1f,
            1 => i,
            _ => (i * (c + 1)) % 7,
        }).ToArray()).ToArray();

    /// <summary>Path of a file in the TestData folder next to these tests.</summary>
    public static string TestData(string name) =>
        Path.Combine(Support.RepositoryPaths.Root, "tests", "KccAssistant.Tests", "Embeddings", "TestData", name);
}
