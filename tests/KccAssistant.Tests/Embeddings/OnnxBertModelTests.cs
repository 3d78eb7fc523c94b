using KccAssistant.Embeddings;

namespace KccAssistant.Tests.Embeddings;

/// <summary>
/// Input names, padding and pooling on tiny ONNX graphs (see <see cref="TestModels.OnnxGraph"/>): each token's state is
/// its table row plus the sum of all rows of its padded sequence, so expected vectors follow by hand.
/// </summary>
public sealed class OnnxBertModelTests : IDisposable
{
    private const int Hidden = 4;
    private static readonly float[][] Table = TestModels.Table(16, Hidden);
    private readonly List<string> _files = [];

    // "5 7 9" and "4" share one batch of sequence length 3, so "4" is padded with the encoder's padding id 1:
    // its only real token's state is row4 + (row4 + row1 + row1).
    [Fact]
    public void Embed_ModelWithoutTokenTypeIds_FeedsIdsAndMaskAndPadsWithPaddingId()
    {
        using var model = OnnxBertModel.Load(WriteGraph(tokenTypeIds: false), new ListEncoder(paddingId: 1), batchSize: 8, threads: 1);

        var vectors = model.Embed(["5 7 9", "4"], "", CancellationToken.None, out var tokens);

        Assert.Equal("input_ids,attention_mask", model.InputNames);
        Assert.Equal(Hidden, model.Dimensions);
        Assert.Equal(4, tokens);
        var total = Sum(Row(5), Row(7), Row(9));
        AssertClose(Normalize(Add(Scale(Sum(Row(5), Row(7), Row(9)), 1.0 / 3), total)), vectors.AsSpan(0, Hidden));
        AssertClose(Normalize(Sum(Row(4), Row(4), Row(1), Row(1))), vectors.AsSpan(Hidden, Hidden));
    }

    // The type table's row 0 is [0.5, 0.5, 0.5, 0.5] and row 1 is [100, …]: only zeros as token_type_ids give row 0.
    [Fact]
    public void Embed_ModelWithTokenTypeIds_FeedsZeroTypes()
    {
        float[][] types = [[0.5f, 0.5f, 0.5f, 0.5f], [100, 100, 100, 100]];
        using var model = OnnxBertModel.Load(WriteGraph(tokenTypeIds: true, types), new ListEncoder(paddingId: 0), batchSize: 8, threads: 1);

        var vectors = model.Embed(["3 6"], "", CancellationToken.None, out _);

        Assert.Equal("input_ids,attention_mask,token_type_ids", model.InputNames);
        var total = Sum(Row(3), Row(6));
        var mean = Scale(Sum(Row(3), Row(6)), 0.5);
        AssertClose(Normalize(Sum(mean, total, [0.5, 0.5, 0.5, 0.5])), vectors);
    }

    [Fact]
    public void Embed_ClsPoolingWithoutNormalization_ReturnsFirstTokenState()
    {
        using var model = OnnxBertModel.Load(WriteGraph(tokenTypeIds: false), new ListEncoder(paddingId: 0), batchSize: 8, threads: 1,
            EmbeddingPooling.Cls, normalize: false);

        var vectors = model.Embed(["5 7 9"], "", CancellationToken.None, out _);

        AssertClose(Sum(Row(5), Row(5), Row(7), Row(9)), vectors);
    }

    [Fact]
    public void Embed_BatchesSplitByBatchSize_EachPaddedToItsOwnLongest()
    {
        using var model = OnnxBertModel.Load(WriteGraph(tokenTypeIds: false), new ListEncoder(paddingId: 1), batchSize: 1, threads: 1);

        var vectors = model.Embed(["5 7 9", "4"], "", CancellationToken.None, out _);

        // Alone in its batch "4" is not padded: row4 + row4.
        AssertClose(Normalize(Sum(Row(4), Row(4))), vectors.AsSpan(Hidden, Hidden));
    }

    public void Dispose()
    {
        foreach (var file in _files)
        {
            File.Delete(file);
        }
    }

    internal static double[] Row(int id) => Table[id].Select(v => (double)v).ToArray();

    internal static double[] Sum(params double[][] rows) => Enumerable.Range(0, rows[0].Length).Select(c => rows.Sum(r => r[c])).ToArray();

    internal static double[] Add(double[] a, double[] b) => Sum(a, b);

    internal static double[] Scale(double[] a, double factor) => a.Select(v => v * factor).ToArray();

    internal static double[] Normalize(double[] a) => Scale(a, 1 / Math.Sqrt(a.Sum(v => v * v)));

    internal static void AssertClose(double[] expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(Math.Abs(expected[i] - actual[i]) <= 1e-5 * Math.Max(1, Math.Abs(expected[i])), $"component {i}: expected {expected[i]}, got {actual[i]}");
        }
    }

    private string WriteGraph(bool tokenTypeIds, float[][]? types = null)
    {
        var path = Path.Combine(Path.GetTempPath(), $"kcc-tiny-{Guid.NewGuid():N}.onnx");
        File.WriteAllBytes(path, TestModels.OnnxGraph(Table, tokenTypeIds, types));
        _files.Add(path);
        return path;
    }

    /// <summary>Reads ids written as numbers separated by spaces; the empty probe input becomes [0].</summary>
    private sealed class ListEncoder(int paddingId) : ITokenEncoder
    {
        public int MaxTokens => 512;

        public int PaddingTokenId => paddingId;

        public int[] Encode(string prefix, string text) =>
            text.Length == 0 ? [0] : text.Split(' ').Select(int.Parse).ToArray();
    }
}
