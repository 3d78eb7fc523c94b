using System.Diagnostics;
using System.Diagnostics.Metrics;
using KccAssistant.Configuration;
using KccAssistant.Embeddings;
using KccAssistant.Ingest;
using KccAssistant.Ingest.Pipeline;
using KccAssistant.Telemetry;
using KccAssistant.Tests.Support;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KccAssistant.Tests.Telemetry;

/// <summary>What an ingestion run with the real embedding model records on the <c>KccAssistant</c> meter and source.</summary>
public sealed class IngestTelemetryTests
{
    // Other tests ingest and embed in parallel on the same static meter: only this test's async flow counts.
    private static readonly AsyncLocal<bool> InThisTest = new();

    [Fact]
    public async Task RunAsync_SampleVacs_RecordsDocumentsChunksSkipsEmbeddingsAndAnActivity()
    {
        using var data = new TempDirectory();
        // Self-calibration off: it embeds its probe questions too, and this test counts what the run embeds for the index.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kcc:DataDir"] = data.Path,
            ["Kcc:Answerability:SelfCalibrationFile"] = "",
        }).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddKccCore(configuration).AddKccEmbeddings(configuration).AddKccIngestion(configuration);
        await using var provider = services.BuildServiceProvider();

        var totals = new Dictionary<string, double>();
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
            if (!InThisTest.Value)
            {
                return;
            }

            var reason = tags.ToArray().FirstOrDefault(t => t.Key == "reason").Value;
            var key = reason is null ? instrument.Name : $"{instrument.Name}/{reason}";
            lock (totals)
            {
                totals[key] = totals.GetValueOrDefault(key) + value;
                totals[instrument.Name + "#count"] = totals.GetValueOrDefault(instrument.Name + "#count") + 1;
            }
        }

        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.Start();
        var activities = new List<Activity>();
        using var activityListener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == KccTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (InThisTest.Value)
                {
                    lock (activities)
                    {
                        activities.Add(activity);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(activityListener);
        InThisTest.Value = true;

        var report = await provider.GetRequiredService<IngestionPipeline>().RunAsync(
            [new SourceDefinition { Name = "vacs", Kind = SourceKind.KnowledgeBase, Locations = [Path.Combine(RepositoryPaths.Samples("kennisbank"), "vacs.json")] }]);

        InThisTest.Value = false;
        Assert.True(report.Committed);
        Assert.Equal(report.Documents, totals.GetValueOrDefault("kcc.ingest.documents"));
        Assert.Equal(report.Chunks, totals.GetValueOrDefault("kcc.ingest.chunks"));
        Assert.True(report.Skipped.Inactive > 0, report.ToSummary());
        Assert.Equal(report.Skipped.Inactive, totals.GetValueOrDefault("kcc.ingest.skipped/Inactive"));
        // Every chunk embedded once, plus the pipeline's one-text probe of the model's dimensions.
        Assert.Equal(report.EmbeddedChunks + 1, totals.GetValueOrDefault("kcc.embedding.chunks"));
        Assert.Equal(totals.GetValueOrDefault("kcc.embedding.chunks#count"), totals.GetValueOrDefault("kcc.embedding.duration#count"));
        Assert.True(totals.GetValueOrDefault("kcc.embedding.duration") > 0);
        var run = Assert.Single(activities, a => a.OperationName == "kcc.ingest");
        Assert.Equal(report.Generation, run.GetTagItem("kcc.generation"));
        SqliteConnection.ClearAllPools();
    }
}
