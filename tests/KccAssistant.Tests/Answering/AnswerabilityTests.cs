using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using KccAssistant.Answering.Answerability;
using KccAssistant.Configuration;
using KccAssistant.Documents;
using KccAssistant.Retrieval;
using KccAssistant.Tests.Support;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace KccAssistant.Tests.Answering;

public sealed class AnswerabilityTests : IDisposable
{
    private readonly TempDirectory _data = new();

    private static readonly AnswerabilityModel CoverageOnly = new(-5, new Dictionary<string, double> { ["TopCoverage"] = 10 }, 0.5, "model-a");

    private static RetrievedDocument Document(string id, double coverage, double dense, double title = 0, double sentence = 0) =>
        new(id, [TestDocuments.Chunks(TestDocuments.Document(id, id, "tekst"), 0)[0].Chunk], 1, coverage, dense, title, sentence);

    private static RetrievalResult Retrieval(string? denseModel, params RetrievedDocument[] documents) =>
        new(documents, 0, 0, QueryWords: 3, DenseModel: denseModel);

    private AnswerabilityModelProvider Provider(AnswerabilityOptions? options = null, ILogger<AnswerabilityModelProvider>? logger = null) =>
        new(Options.Create(options ?? new AnswerabilityOptions()), Options.Create(new KccOptions { DataDir = _data.Path }), logger ?? NullLogger<AnswerabilityModelProvider>.Instance)
        {
            RecheckAfter = TimeSpan.Zero,
        };

    private AnswerabilityGate Gate(AnswerabilityModel model) =>
        new(
            Provider(new AnswerabilityOptions { Intercept = model.Intercept, Weights = new(model.Weights), Threshold = model.Threshold, EmbeddingModel = model.EmbeddingModel }),
            Options.Create(new RetrievalOptions { MinLexicalShare = 0.3, MinDenseScore = 0.45 }),
            NullLogger<AnswerabilityGate>.Instance);

    [Fact]
    public void Probability_RisesWithCoverage()
    {
        var model = AnswerabilityOptions.DefaultModel;
        AnswerabilityFeatures With(double coverage) => new(coverage, coverage, coverage / 2, coverage * 0.8, 0.6, 0.6, 4);

        var probabilities = new[] { 0.1, 0.3, 0.5, 0.7, 0.9 }.Select(c => model.Probability(With(c))).ToList();

        Assert.Equal(probabilities.Order(), probabilities);
        Assert.True(probabilities[0] < model.Threshold && probabilities[^1] > model.Threshold, string.Join(", ", probabilities));
    }

    [Fact]
    public void Features_NothingFoundOrNoDenseSide_None()
    {
        Assert.Null(AnswerabilityFeatures.From(Retrieval("model-a")));
        Assert.Null(AnswerabilityFeatures.From(Retrieval(null, Document("a", 0.9, -1))));

        var features = AnswerabilityFeatures.From(Retrieval("model-a", Document("a", 0.4, 0.5, 0.2, 0.3), Document("b", 0.8, 0.7)));

        Assert.Equal(new AnswerabilityFeatures(0.4, 0.8, 0.2, 0.3, 0.5, 0.7, 3), features);
    }

    [Fact]
    public void Features_DenseAgreementAndTopic_HandComputed()
    {
        const string Zorg = "https://www.rijksoverheid.nl/onderwerpen/zorgverzekering/vraag-en-antwoord/";
        var documents = new[]
        {
            Document(Zorg + "eigen-risico", 0.5, 0.6),
            Document(Zorg + "wisselen", 0.4, 0.5),
            Document("https://www.rijksoverheid.nl/onderwerpen/huurtoeslag/vraag-en-antwoord/aanvragen", 0.3, 0.4),
            Document("https://www.rijksoverheid.nl/Onderwerpen/ZORGVERZEKERING/documenten/brochure", 0.3, 0.4),
            Document("https://www.example.nl/zorgverzekering", 0.2, 0.3),
            Document(Zorg + "buiten-de-top-vijf", 0.1, 0.2),
        };

        // The fused first place is third in the dense ranking: 1/3. Of the next four documents two are filed under
        // "zorgverzekering" (the topic is compared in lower case); the sixth is beyond the four looked at: 2/4.
        var features = AnswerabilityFeatures.From(
            new RetrievalResult(documents, 0, 0, QueryWords: 3, DenseModel: "model-a", DenseRanking: ["x", documents[2].DocumentId, documents[0].DocumentId]));

        Assert.Equal(1.0 / 3, features!.Value.TopDenseAgreement, 9);
        Assert.Equal(0.5, features.Value.TopicAgreement, 9);
    }

    [Fact]
    public void Features_TopNotInDenseRankingOrWithoutTopic_Zero()
    {
        var features = AnswerabilityFeatures.From(new RetrievalResult(
            [Document("https://www.example.nl/paspoort", 0.5, 0.6), Document("https://www.example.nl/rijbewijs", 0.4, 0.5)],
            0, 0, QueryWords: 3, DenseModel: "model-a", DenseRanking: ["https://www.example.nl/rijbewijs"]));

        Assert.Equal(0, features!.Value.TopDenseAgreement);
        Assert.Equal(0, features.Value.TopicAgreement);
    }

    [Theory]
    [InlineData("https://www.rijksoverheid.nl/onderwerpen/paspoort-en-identiteitskaart/vraag-en-antwoord/kosten", "paspoort-en-identiteitskaart")]
    [InlineData("https://www.gemeente.nl/Onderwerpen/Afval%20en%20Milieu/", "afval en milieu")]
    [InlineData("https://www.rijksoverheid.nl/onderwerpen", null)]
    [InlineData("https://www.lindenhaven.nl/paspoort-aanvragen", null)]
    [InlineData("https://www.example.nl/zoeken?q=onderwerpen/paspoort", null)]
    [InlineData("geen-url", null)]
    [InlineData(null, null)]
    public void SourceTopic_FromTheAddress(string? url, string? expected) =>
        Assert.Equal(expected, SourceTopic.Of(url));

    [Fact]
    public void Judge_Hybrid_DecidedByTheModel()
    {
        var gate = Gate(CoverageOnly);

        // Coverage 0.6 passes the coverage threshold of 0.3 in both cases; the model needs more than 0.5.
        var low = gate.Judge(Retrieval("model-a", Document("a", 0.45, 0.5)), RetrievalMode.Hybrid);
        var high = gate.Judge(Retrieval("model-a", Document("a", 0.6, 0.5)), RetrievalMode.Hybrid);

        Assert.False(low.Answered);
        Assert.True(high.Answered);
        Assert.Equal(1 / (1 + Math.Exp(-(-5 + (10 * 0.6)))), high.Confidence, 6);
    }

    [Fact]
    public void Judge_ThresholdOverride_ReplacesTheModelsThreshold()
    {
        // An eval variant (threshold=0.9) must move the threshold of whichever model judges, without a calibration file.
        var options = new AnswerabilityOptions
        {
            Intercept = CoverageOnly.Intercept, Weights = new(CoverageOnly.Weights), Threshold = CoverageOnly.Threshold, EmbeddingModel = "model-a", ThresholdOverride = 0.9,
        };
        var gate = new AnswerabilityGate(
            Provider(options),
            Options.Create(new RetrievalOptions { MinLexicalShare = 0.3, MinDenseScore = 0.45 }),
            NullLogger<AnswerabilityGate>.Instance,
            Options.Create(options));

        // Coverage 0.6 gives 1 / (1 + e^-1) ≈ 0.73: answered at the model's 0.5, refused at 0.9.
        var verdict = gate.Judge(Retrieval("model-a", Document("a", 0.6, 0.5)), RetrievalMode.Hybrid);

        Assert.False(verdict.Answered);
        Assert.Equal(0.9, verdict.Threshold);
    }

    [Fact]
    public void Judge_ModelForAnotherEmbeddingModelButAnAlternativeForThisOne_AlternativeDecides()
    {
        // The configured model is for "model-a"; questions are embedded by "model-b" (e.g. with the FreeDict gloss).
        var options = new AnswerabilityOptions
        {
            Intercept = CoverageOnly.Intercept, Weights = new(CoverageOnly.Weights), Threshold = CoverageOnly.Threshold, EmbeddingModel = "model-a",
            Alternatives = [new AnswerabilityAlternative { EmbeddingModel = "model-b", Intercept = -5, Weights = new() { ["TopCoverage"] = 20 }, Threshold = 0.5 }],
        };
        var gate = new AnswerabilityGate(
            Provider(options),
            Options.Create(new RetrievalOptions { MinLexicalShare = 0.3, MinDenseScore = 0.45 }),
            NullLogger<AnswerabilityGate>.Instance,
            Options.Create(options));

        // Coverage 0.28: under the coverage threshold (0.3), but the alternative gives 1 / (1 + e^-(−5 + 5.6)) > 0.5.
        var verdict = gate.Judge(Retrieval("model-b", Document("a", 0.28, 0.5)), RetrievalMode.Hybrid);
        var other = gate.Judge(Retrieval("model-c", Document("a", 0.28, 0.5)), RetrievalMode.Hybrid);

        Assert.True(verdict.Answered);
        Assert.Equal(1 / (1 + Math.Exp(-(-5 + (20 * 0.28)))), verdict.Confidence, 6);
        Assert.False(other.Answered); // no model for "model-c": the coverage threshold
    }

    [Fact]
    public void Validate_AlternativeWithoutEmbeddingModel_NamesTheKey()
    {
        var options = new AnswerabilityOptions { Alternatives = [new AnswerabilityAlternative { Intercept = -1, Weights = new() { ["TopCoverage"] = 1 }, Threshold = 0.5 }] };

        var results = options.Validate(new ValidationContext(options)).ToList();

        Assert.Contains(results, r => r.ErrorMessage!.Contains("Kcc:Answerability:Alternatives:0:EmbeddingModel", StringComparison.Ordinal));
    }

    [Fact]
    public void Judge_ModelCalibratedForAnotherEmbeddingModel_FallsBackToCoverageThreshold()
    {
        var gate = Gate(CoverageOnly);

        var verdict = gate.Judge(Retrieval("model-b", Document("a", 0.45, 0.5)), RetrievalMode.Hybrid);

        Assert.True(verdict.Answered);
        Assert.Equal(0.45, verdict.Confidence);
    }

    [Fact]
    public void Judge_SingleMethodModes_UseTheirOwnThresholds()
    {
        var gate = Gate(CoverageOnly);
        var retrieval = Retrieval("model-a", Document("a", 0.35, 0.40));

        Assert.True(gate.Judge(retrieval, RetrievalMode.Lexical).Answered);
        Assert.False(gate.Judge(retrieval, RetrievalMode.Dense).Answered);
        Assert.False(gate.Judge(Retrieval("model-a"), RetrievalMode.Lexical).Answered);
    }

    [Fact]
    public void Provider_NoCalibrationFile_UsesConfiguration()
    {
        var active = Provider().Current;

        Assert.Equal("configuratie", active.Source);
        Assert.Equal(ActiveAnswerabilityModel.Configured, active.Kind);
        Assert.Equal(AnswerabilityOptions.DefaultModel.Threshold, active.Model.Threshold);
        Assert.Null(active.Calibration);
    }

    [Fact]
    public void Provider_CalibrationFile_ReplacesConfigurationAndIsReloaded()
    {
        var provider = Provider();
        var path = Path.Combine(_data.Path, "answerability.json");
        var info = new CalibrationInfo("set.jsonl", 10, 3, 1, DateTimeOffset.UtcNow, 0.1, new TradeOff(0.9, 0.1), new TradeOff(1, 0));
        File.WriteAllText(path, JsonSerializer.Serialize(new AnswerabilityCalibration(-1, AllFeatures(2), 0.3, "model-a", info), AnswerabilityModelProvider.Json));

        var first = provider.Current;
        File.WriteAllText(path, JsonSerializer.Serialize(new AnswerabilityCalibration(-2, AllFeatures(4), 0.6, "model-a", info), AnswerabilityModelProvider.Json));
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddSeconds(5));
        var second = provider.Current;

        Assert.Equal(path, first.Source);
        Assert.Equal(0.3, first.Model.Threshold);
        Assert.Equal("set.jsonl", first.Calibration!.Set);
        Assert.Equal(0.6, second.Model.Threshold);
        Assert.Equal(4, second.Model.Weights["TopCoverage"]);
    }

    [Fact]
    public void Provider_CalibrationFileFromBeforeTheAgreementFeatures_UsedWithThemAtZero()
    {
        // A hand calibration written before TopDenseAgreement and TopicAgreement existed stays valid; a file that lacks
        // one of the original weights is still rejected as cut off.
        var older = AllFeatures(1).Where(w => !AnswerabilityFeatures.AddedLater.Contains(w.Key)).ToDictionary(w => w.Key, w => w.Value, StringComparer.Ordinal);
        var info = new CalibrationInfo("set.jsonl", 10, 3, 1, DateTimeOffset.UtcNow, 0.1, new TradeOff(0.9, 0.1), new TradeOff(1, 0));
        File.WriteAllText(Path.Combine(_data.Path, "answerability.json"), JsonSerializer.Serialize(new AnswerabilityCalibration(-1, older, 0.3, "model-a", info), AnswerabilityModelProvider.Json));

        var active = Provider().Current;
        var withoutTopCoverage = new AnswerabilityCalibration(-1, older.Where(w => w.Key != "TopCoverage").ToDictionary(w => w.Key, w => w.Value), 0.3, "model-a", info);

        Assert.Equal(ActiveAnswerabilityModel.Calibrated, active.Kind);
        Assert.Equal(7, older.Count);
        Assert.Equal(
            1 / (1 + Math.Exp(-(-1 + 0.5))),
            active.Model.Probability(new AnswerabilityFeatures(0.5, 0, 0, 0, 0, 0, 1, TopDenseAgreement: 1, TopicAgreement: 1)),
            9);
        Assert.Contains("TopCoverage", withoutTopCoverage.Problem(), StringComparison.Ordinal);
    }

    [Fact]
    public void Provider_OnlySelfCalibrationFile_UsesItAsSelfCalibrated()
    {
        var info = new CalibrationInfo(SelfCalibrator.SetName, 300, 100, 4, DateTimeOffset.UtcNow, 0.03, new TradeOff(0.6, 0.04), new TradeOff(0.6, 0.03));
        File.WriteAllText(Path.Combine(_data.Path, "answerability.auto.json"), JsonSerializer.Serialize(new AnswerabilityCalibration(-1, AllFeatures(2), 0.2, "model-a", info), AnswerabilityModelProvider.Json));

        var active = Provider().Current;

        Assert.Equal(ActiveAnswerabilityModel.SelfCalibrated, active.Kind);
        Assert.Equal(0.2, active.Model.Threshold);
        Assert.Equal(300, active.Calibration!.Questions);
    }

    [Fact]
    public void Provider_HandMadeAndSelfCalibrationFiles_HandMadeWins()
    {
        var info = new CalibrationInfo("set.jsonl (dev)", 10, 3, 1, DateTimeOffset.UtcNow, 0.08, new TradeOff(0.9, 0.1), new TradeOff(1, 0));
        File.WriteAllText(Path.Combine(_data.Path, "answerability.auto.json"), JsonSerializer.Serialize(new AnswerabilityCalibration(-1, AllFeatures(2), 0.2, "model-a", info), AnswerabilityModelProvider.Json));
        File.WriteAllText(Path.Combine(_data.Path, "answerability.json"), JsonSerializer.Serialize(new AnswerabilityCalibration(-1, AllFeatures(2), 0.7, "model-a", info), AnswerabilityModelProvider.Json));

        var active = Provider().Current;

        Assert.Equal(ActiveAnswerabilityModel.Calibrated, active.Kind);
        Assert.Equal(0.7, active.Model.Threshold);
    }

    [Fact]
    public void Provider_BrokenHandMadeFile_FallsBackToSelfCalibration()
    {
        var info = new CalibrationInfo(SelfCalibrator.SetName, 300, 100, 4, DateTimeOffset.UtcNow, 0.03, new TradeOff(0.6, 0.04), new TradeOff(0.6, 0.03));
        File.WriteAllText(Path.Combine(_data.Path, "answerability.auto.json"), JsonSerializer.Serialize(new AnswerabilityCalibration(-1, AllFeatures(2), 0.2, "model-a", info), AnswerabilityModelProvider.Json));
        File.WriteAllText(Path.Combine(_data.Path, "answerability.json"), "{ not json");

        var active = Provider().Current;

        Assert.Equal(ActiveAnswerabilityModel.SelfCalibrated, active.Kind);
        Assert.Equal(0.2, active.Model.Threshold);
    }

    private static Dictionary<string, double> AllFeatures(double weight) =>
        AnswerabilityFeatures.Names.ToDictionary(name => name, _ => weight, StringComparer.Ordinal);

    private static string ValidWeights => JsonSerializer.Serialize(AllFeatures(1));

    public static TheoryData<string, string> MalformedCalibrationFiles() => new()
    {
        { "{ not json", "JSON" },
        { "{\"intercept\": 0, \"weights\": {\"Onbekend\": 1}, \"threshold\": 0.5}", "ontbreekt" },
        { $"{{\"intercept\": 0, \"weights\": {ValidWeights}, \"threshold\": 1.5}}", "drempel" },
        { "null", "leeg" },
        { "", "JSON" },
        // Issue 8, finding 8: no weights at all was a NullReferenceException on every hybrid ask and on /bronnen.
        { "{\"intercept\": -1, \"threshold\": 0.5, \"embeddingModel\": \"m\"}", "'weights' ontbreekt" },
        { "{\"intercept\": -1, \"weights\": null, \"threshold\": 0.5}", "'weights' ontbreekt" },
        { "{\"intercept\": -1, \"weights\": {}, \"threshold\": 0.5}", "ontbreekt" },
        { "{\"intercept\": -1, \"weights\": {\"TopCoverage\": 2, \"TopDense\": 3}, \"threshold\": 0.5}", "ontbreekt" },
        { "{\"intercept\": -1, \"weights\": [1, 2, 3], \"threshold\": 0.5}", "JSON" },
        { "{\"intercept\": -1, \"weights\": \"veel\", \"threshold\": 0.5}", "JSON" },
        { $"{{\"intercept\": \"laag\", \"weights\": {ValidWeights}, \"threshold\": 0.5}}", "JSON" },
        { $"{{\"intercept\": NaN, \"weights\": {ValidWeights}, \"threshold\": 0.5}}", "JSON" },
        { $"{{\"intercept\": \"NaN\", \"weights\": {ValidWeights}, \"threshold\": 0.5}}", "intercept is geen eindig getal" },
        { $"{{\"intercept\": 1e999, \"weights\": {ValidWeights}, \"threshold\": 0.5}}", "intercept is geen eindig getal" },
        { "{\"intercept\": -1, \"weights\": {\"TopCoverage\": \"-Infinity\", \"BestCoverage\": 1, \"TopTitleCoverage\": 1, \"TopSentenceCoverage\": 1, \"TopDense\": 1, \"BestDense\": 1, \"LogQueryWords\": 1}, \"threshold\": 0.5}", "eindig" },
        { "{\"intercept\": -1, \"weights\": {\"TopCoverage\": null}, \"threshold\": 0.5}", "JSON" },
        { $"{{\"intercept\": -1, \"weights\": {ValidWeights}}}", "drempel" },
        { $"{{\"intercept\": -1, \"weights\": {ValidWeights}, \"threshold\": 0.5, \"calibration\": 7}}", "JSON" },
        { $"{{\"intercept\": -1, \"weights\": {ValidWeights}, \"thresh", "JSON" },
        { "[1, 2]", "JSON" },
        { new string('[', 5000), "JSON" },
    };

    [Theory]
    [MemberData(nameof(MalformedCalibrationFiles))]
    public void Provider_MalformedCalibrationFile_ConfiguredModelWithWarningAndReason(string content, string reason)
    {
        var path = Path.Combine(_data.Path, "answerability.json");
        File.WriteAllText(path, content);
        var logger = new ListLogger();

        var active = Provider(logger: logger).Current;

        Assert.Equal("configuratie", active.Source);
        Assert.Equal(AnswerabilityOptions.DefaultModel.Threshold, active.Model.Threshold);
        Assert.Equal(AnswerabilityOptions.DefaultModel.Weights, active.Model.Weights);
        Assert.Null(active.Calibration);
        Assert.NotNull(active.Rejected);
        Assert.StartsWith(path, active.Rejected, StringComparison.Ordinal);
        Assert.Contains(reason, active.Rejected, StringComparison.Ordinal);
        var warning = Assert.Single(logger.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains(path, warning.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Judge_HybridWithCalibrationFileWithoutWeights_JudgedByTheConfiguredModel()
    {
        File.WriteAllText(Path.Combine(_data.Path, "answerability.json"), "{\"intercept\": -1, \"threshold\": 0.5, \"embeddingModel\": \"model-a\"}");
        var gate = Gate(CoverageOnly);

        var verdict = gate.Judge(Retrieval("model-a", Document("a", 0.6, 0.5)), RetrievalMode.Hybrid);

        Assert.True(verdict.Answered);
        Assert.Equal(1 / (1 + Math.Exp(-(-5 + (10 * 0.6)))), verdict.Confidence, 6);
    }

    [Fact]
    public void Provider_FileFixedAfterRejection_CalibrationUsedAndReasonGone()
    {
        var path = Path.Combine(_data.Path, "answerability.json");
        File.WriteAllText(path, "{\"intercept\": -1}");
        var provider = Provider();
        Assert.NotNull(provider.Current.Rejected);

        File.WriteAllText(path, JsonSerializer.Serialize(new AnswerabilityCalibration(-1, AllFeatures(1), 0.4, "model-a", null), AnswerabilityModelProvider.Json));
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddSeconds(5));
        var active = provider.Current;

        Assert.Null(active.Rejected);
        Assert.Equal(path, active.Source);
        Assert.Equal(0.4, active.Model.Threshold);
    }

    private sealed class ListLogger : ILogger<AnswerabilityModelProvider>
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception)));
    }

    [Fact]
    public void Options_InvalidModel_ClearValidationError()
    {
        var options = new AnswerabilityOptions { Threshold = 0 };
        options.Weights["Snelheid"] = 1;

        var results = new List<ValidationResult>();
        var valid = Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true);

        Assert.False(valid);
        Assert.Contains("Kcc:Answerability", results[0].ErrorMessage, StringComparison.Ordinal);
    }

    public void Dispose() => _data.Dispose();
}
