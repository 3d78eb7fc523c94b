using System.Diagnostics.Metrics;
using KccAssistant.Answering;
using KccAssistant.Tests.Generative;
using KccAssistant.Telemetry;
using KccAssistant.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KccAssistant.Tests.Telemetry;

/// <summary>What an ask records on the <c>KccAssistant</c> meter, seen by a <see cref="MeterListener"/>.</summary>
public sealed class KccTelemetryTests
{
    // Other tests ask in parallel on the same static meter: only measurements made in this test's async flow count.
    private static readonly AsyncLocal<bool> InThisTest = new();

    [Fact]
    public async Task Ask_AnsweredAndUncoveredQuestion_RecordsLatencyAndOutcomeCountersWithMode()
    {
        using var data = new TempDirectory();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kcc:DataDir"] = data.Path,
            ["Kcc:Retrieval:MinLexicalShare"] = "0.05",
        }).Build();
        var services = new ServiceCollection().AddLogging().AddKccCore(configuration);
        services.AddSingleton<IEmbeddingGenerator<string, Embedding<float>>>(new HashEmbeddingGenerator());
        await using var provider = services.BuildServiceProvider();
        await GenerationDocuments.SeedAsync(provider.GetRequiredService<KccAssistant.Stores.IKnowledgeStore>());
        var ask = provider.GetRequiredService<IAskService>();

        var measurements = new List<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == KccTelemetry.Name)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            if (InThisTest.Value)
            {
                lock (measurements)
                {
                    measurements.Add((instrument.Name, value, new Dictionary<string, object?>(tags.ToArray())));
                }
            }
        }

        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.Start();
        InThisTest.Value = true;

        var answered = await ask.AskAsync("wat kost een paspoort", KccAssistant.Retrieval.RetrievalMode.Lexical);
        var uncovered = await ask.AskAsync("wat is de hoofdstad van peru");

        InThisTest.Value = false;
        Assert.True(answered.Answered, answered.Answer);
        Assert.False(uncovered.Answered, uncovered.Answer);
        var durations = measurements.Where(m => m.Instrument == "kcc.ask.duration").ToList();
        Assert.Equal(2, durations.Count);
        Assert.All(durations, d => Assert.InRange(d.Value, 1e-7, 60));
        Assert.Equal(1, measurements.Where(m => m.Instrument == "kcc.ask.answered" && (string?)m.Tags["mode"] == "lexical").Sum(m => m.Value));
        Assert.Equal(1, measurements.Where(m => m.Instrument == "kcc.ask.no_answer" && (string?)m.Tags["mode"] == "hybrid").Sum(m => m.Value));
        Assert.DoesNotContain(measurements, m => m.Instrument == "kcc.ask.answered" && (string?)m.Tags["mode"] == "hybrid");
        SqliteConnection.ClearAllPools();
    }
}
