using KccAssistant.Embeddings;
using Microsoft.Extensions.AI;

namespace KccAssistant.Tests.Embeddings;

[Collection(EmbeddingCollection.Name)]
public sealed class OnnxEmbeddingGeneratorTests(EmbeddingFixture fixture)
{
    private const float Same = 0.9999f;

    private static readonly string[] MixedLengths =
    [
        "Kort.",
        "Hoe vraag ik een parkeervergunning aan voor mijn nieuwe auto in de binnenstad?",
        "De afvalkalender staat op de website van de gemeente en in de app.",
        "Paspoort kwijt",
        string.Join(' ', Enumerable.Repeat("Een uittreksel uit de basisregistratie personen vraagt u online aan met DigiD.", 8)),
        "Where can I park?",
        "Openingstijden stadhuis",
    ];

    private OnnxEmbeddingGenerator Generator => fixture.Generator;

    [Fact]
    public async Task GenerateAsync_AnyInput_ReturnsUnitLength384DimensionVectors()
    {
        var embeddings = await Generator.GenerateAsync([.. MixedLengths, ""]);

        Assert.Equal(MixedLengths.Length + 1, embeddings.Count);
        Assert.All(embeddings, e =>
        {
            Assert.Equal(384, e.Dimensions);
            Assert.Equal(1f, VectorMath.Norm(e.Vector), 4);
            Assert.Equal("all-MiniLM-L6-v2", e.ModelId);
        });
        Assert.True(embeddings.Usage?.InputTokenCount > MixedLengths.Length * 2);
    }

    [Fact]
    public async Task GenerateAsync_SeveralBatchesOfMixedLengths_EqualSingleResultsInInputOrder()
    {
        // Batch size 3 forces sorting, several batches and padding of short inputs to a long neighbour.
        using var batched = new OnnxEmbeddingGenerator(EmbeddingFixture.CreateOptions(o => o.BatchSize = 3));

        var together = await batched.GenerateAsync(MixedLengths);

        for (var i = 0; i < MixedLengths.Length; i++)
        {
            var alone = await Generator.GenerateVectorAsync(MixedLengths[i]);
            Assert.True(VectorMath.Cosine(together[i].Vector, alone) > Same, $"input {i}");
            for (var d = 0; d < alone.Length; d++)
            {
                Assert.Equal(alone.Span[d], together[i].Vector.Span[d], 4);
            }
        }
    }

    [Fact]
    public async Task GenerateAsync_TextLongerThanMaxTokens_IsTruncatedToItsBeginning()
    {
        var words = Enumerable.Range(0, 3000).Select(i => i % 7 == 0 ? "gemeente" : "paspoort").ToArray();
        var longText = string.Join(' ', words);

        var embeddings = await Generator.GenerateAsync([longText, longText + " dit einde valt weg door afkapping"]);

        Assert.Equal(1f, VectorMath.Norm(embeddings[0].Vector), 4);
        Assert.True(VectorMath.Cosine(embeddings[0].Vector, embeddings[1].Vector) > Same);
    }

    [Fact]
    public async Task GenerateAsync_AccentedText_EqualsTextWithoutAccents()
    {
        var embeddings = await Generator.GenerateAsync(
        [
            "Het café naast het stadhuis is één van de oudste; de coöperatie is geïnformeerd.",
            "Het cafe naast het stadhuis is een van de oudste; de cooperatie is geinformeerd.",
        ]);

        Assert.True(VectorMath.Cosine(embeddings[0].Vector, embeddings[1].Vector) > Same);
    }

    [Fact]
    public async Task GenerateAsync_LineBreaksAndTabs_EqualSingleSpaces()
    {
        var embeddings = await Generator.GenerateAsync(
        [
            "Afspraak maken\nvoor een paspoort\r\n\r\nof identiteitskaart\tbij de balie.  ",
            "Afspraak maken voor een paspoort of identiteitskaart bij de balie.",
        ]);

        Assert.True(VectorMath.Cosine(embeddings[0].Vector, embeddings[1].Vector) > Same);
    }

    [Fact]
    public async Task EmbedQueryAsync_QueryPrefixConfigured_AppliesPrefixOnlyToQueries()
    {
        using var prefixed = new OnnxEmbeddingGenerator(EmbeddingFixture.CreateOptions(o => o.QueryPrefix = "query: "));
        const string Question = "Hoe verleng ik mijn rijbewijs?";

        var query = await prefixed.EmbedQueryAsync(Question);
        var passage = await prefixed.GenerateVectorAsync(Question);
        var manuallyPrefixed = await prefixed.GenerateVectorAsync("query: " + Question);

        Assert.True(VectorMath.Cosine(query, passage) < 0.999f);
        Assert.True(VectorMath.Cosine(query, manuallyPrefixed) > Same);
    }

    [Fact]
    public async Task GenerateAsync_PassagePrefixConfigured_AppliesPrefixToPassagesByDefault()
    {
        using var prefixed = new OnnxEmbeddingGenerator(EmbeddingFixture.CreateOptions(o => o.PassagePrefix = "passage: "));
        const string Chunk = "Een rijbewijs verlengen kan online.";

        var passage = await prefixed.GenerateVectorAsync(Chunk);
        var query = await prefixed.EmbedQueryAsync(Chunk);
        var manuallyPrefixed = await Generator.GenerateVectorAsync("passage: " + Chunk);

        Assert.True(VectorMath.Cosine(passage, manuallyPrefixed) > Same);
        Assert.True(VectorMath.Cosine(passage, query) < 0.999f);
    }

    [Fact]
    public async Task EmbedQueryAsync_NoPrefixesConfigured_EqualsPassageVector()
    {
        const string Question = "Wanneer is het stadhuis open?";

        var query = await Generator.EmbedQueryAsync(Question);
        var passage = await Generator.GenerateVectorAsync(Question);

        Assert.True(VectorMath.Cosine(query, passage) > Same);
    }

    [Fact]
    public async Task GenerateAsync_InputKindPropertyIsQuery_UsesQueryPrefix()
    {
        using var prefixed = new OnnxEmbeddingGenerator(EmbeddingFixture.CreateOptions(o => o.QueryPrefix = "query: "));
        var options = new EmbeddingGenerationOptions
        {
            AdditionalProperties = new() { [EmbeddingInputKind.PropertyName] = EmbeddingInputKind.Query },
        };

        var viaOptions = await prefixed.GenerateVectorAsync("afval", options);
        var viaExtension = await prefixed.EmbedQueryAsync("afval");

        Assert.True(VectorMath.Cosine(viaOptions, viaExtension) > Same);
    }

    [Fact]
    public async Task GenerateAsync_AlreadyCancelledToken_ThrowsOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Generator.GenerateAsync(["paspoort"], cancellationToken: cts.Token));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Generator.EmbedQueryAsync("paspoort", cts.Token));
    }

    [Fact]
    public async Task GenerateAsync_CancelledWhileRunning_ThrowsOperationCanceled()
    {
        var longText = string.Join(' ', Enumerable.Repeat("De gemeente verstrekt paspoorten en rijbewijzen aan inwoners.", 40));
        var inputs = Enumerable.Repeat(longText, 256).ToArray();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Generator.GenerateAsync(inputs, cancellationToken: cts.Token));
    }

    [Fact]
    public async Task GenerateAsync_ConcurrentCalls_ReturnSameVectorsAsSequentialCalls()
    {
        var expected = await Generator.GenerateAsync(MixedLengths);

        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(i =>
            Task.Run(() => Generator.GenerateAsync(MixedLengths.Skip(i % 3).ToArray()))));

        for (var call = 0; call < results.Length; call++)
        {
            var offset = call % 3;
            for (var i = 0; i < results[call].Count; i++)
            {
                Assert.True(VectorMath.Cosine(results[call][i].Vector, expected[i + offset].Vector) > Same);
            }
        }
    }

    [Fact]
    public async Task GenerateAsync_NoInputs_ReturnsEmpty()
    {
        var embeddings = await Generator.GenerateAsync([]);

        Assert.Empty(embeddings);
    }

    [Fact]
    public async Task GenerateAsync_OtherDimensionsRequested_ThrowsNotSupported()
    {
        await Assert.ThrowsAsync<NotSupportedException>(() =>
            Generator.GenerateAsync(["x"], new EmbeddingGenerationOptions { Dimensions = 768 }));
    }

    [Fact]
    public async Task GetService_Metadata_ReportsOnnxProviderModelIdAndDimensions()
    {
        await Generator.WarmUpAsync();

        var metadata = Generator.GetService<EmbeddingGeneratorMetadata>();

        Assert.NotNull(metadata);
        Assert.Equal("onnx", metadata.ProviderName);
        Assert.Equal("all-MiniLM-L6-v2", metadata.DefaultModelId);
        Assert.Equal(384, metadata.DefaultModelDimensions);
        Assert.Equal("all-MiniLM-L6-v2", Generator.ModelId);
        Assert.Equal(384, Generator.Dimensions);
    }

    [Fact]
    public void GetService_OwnTypeOrWithKey_ReturnsSelfOrNull()
    {
        Assert.Same(Generator, Generator.GetService<OnnxEmbeddingGenerator>());
        Assert.Null(Generator.GetService<EmbeddingGeneratorMetadata>("some-key"));
        Assert.Null(Generator.GetService<IDisposable>("some-key"));
        Assert.Null(Generator.GetService<string>());
    }

    [Fact]
    public async Task GenerateAsync_ConfiguredModelAndVocabPaths_MatchBundledModelAndNameTheFile()
    {
        await Generator.WarmUpAsync();
        var options = EmbeddingFixture.CreateOptions(o =>
        {
            o.ModelPath = Path.Combine(EmbeddingFixture.CacheDir, "model.onnx");
            o.VocabPath = Path.Combine(EmbeddingFixture.CacheDir, "vocab.txt");
        });
        using var configured = new OnnxEmbeddingGenerator(options);
        Assert.Null(configured.Dimensions);

        var fromFile = await configured.GenerateVectorAsync("Paspoort aanvragen");
        var bundled = await Generator.GenerateVectorAsync("Paspoort aanvragen");

        Assert.True(VectorMath.Cosine(fromFile, bundled) > Same);
        Assert.Matches("^models-model-[0-9a-f]{8}$", configured.ModelId);
        Assert.Equal(384, configured.Dimensions);
        var metadata = configured.GetService<EmbeddingGeneratorMetadata>();
        Assert.Equal(configured.ModelId, metadata?.DefaultModelId);
        Assert.Equal(384, metadata?.DefaultModelDimensions);
        Assert.True(metadata?.ProviderUri?.IsFile);
    }

    [Fact]
    public async Task GenerateAsync_AfterDispose_ThrowsObjectDisposed()
    {
        var generator = new OnnxEmbeddingGenerator(EmbeddingFixture.CreateOptions());
        generator.Dispose();

        await Assert.ThrowsAsync<ObjectDisposedException>(() => generator.GenerateAsync(["x"]));
    }

    [Fact]
    public async Task GenerateAsync_EnglishQuestion_ScoresRelatedSentenceAboveUnrelated()
    {
        var question = await Generator.EmbedQueryAsync("How do I renew my passport?");
        var passages = await Generator.GenerateAsync(
        [
            "You can apply for a new passport at the town hall; bring a recent photo and your old passport.",
            "The waste collection truck empties the green bins every other Tuesday morning.",
        ]);

        var related = VectorMath.Cosine(question, passages[0].Vector);
        var unrelated = VectorMath.Cosine(question, passages[1].Vector);

        Assert.True(related > unrelated + 0.1f, $"related {related}, unrelated {unrelated}");
    }
}
