namespace KccAssistant.Ingest.Pipeline;

/// <summary>The ingest worker's own flags; everything else goes to .NET configuration.</summary>
public sealed record IngestCommandLine(
    string? DataDir,
    IReadOnlyList<string> Sites,
    IReadOnlyList<string> KnowledgeBases,
    IReadOnlyList<string> Only,
    string? ReportPath,
    IReadOnlyList<string> Rest,
    bool Worker = false,
    bool Help = false,
    string? MigrateTo = null)
{
    /// <summary>Usage text.</summary>
    public const string Usage = """
        Gebruik:
          dotnet run --project ingest/KccAssistant.Ingest -- [--data-dir DIR] [--site URL|DIR]... [--kb PATH|URL]... [--source NAAM]... [--report FILE]
          dotnet run --project ingest/KccAssistant.Ingest -- --worker [--data-dir DIR]
          dotnet run --project ingest/KccAssistant.Ingest -- migrate --to qdrant|embedded [--data-dir DIR]

          --site URL|DIR   een website: start-URL om te crawlen, of een map met een opgeslagen kopie
          --kb PATH|URL    een kennisbank: bestand, map of Objecten API-lijst-URL (formaat wordt herkend)
          --source NAAM    alleen deze geconfigureerde bron opnieuw inlezen; de andere blijven staan
          --data-dir DIR   map van de ingebedde store (standaard Kcc:DataDir)
          --report FILE    schrijf het run-rapport als JSON
          --worker         blijf draaien als inleesdienst: leest in volgens Kcc:Worker:Interval of Kcc:Worker:DailyAt
                           en voert verzoeken uit die de web-app in <DataDir>/queue/ zet (Kcc:Ingest:Mode = Worker);
                           voortgang en laatste rapport staan in <DataDir>/ingest-status.json
          migrate --to X   kopieer de actuele generatie met haar vectoren naar de andere store (qdrant: Kcc:Store:Qdrant:*,
                           Kcc:Tenant; embedded: de data-map), zonder opnieuw te embedden; daarna Kcc:Store:Provider omzetten
          -h, --help       deze tekst
        Zonder --site/--kb worden de bronnen uit appsettings.json (Kcc:Sources) ingelezen. Andere instellingen kunnen
        als --Sectie:Sleutel waarde mee, bijvoorbeeld --Kcc:Worker:DailyAt 02:00.

        Exitcodes:
          0    run voltooid (mislukte pagina's worden geteld, niet fataal); --worker: netjes gestopt
          1    --worker: gestopt door een onverwachte fout
          2    kon niet draaien: onjuiste argumenten of configuratie, bron bestaat niet
          3    bezig (busy): een andere inleesrun schrijft naar dezelfde data-map, of er draait daar al een --worker
          4    de index (kcc.db in de data-map) is beschadigd of onleesbaar: zet een back-up terug, of verplaats het
               bestand en lees opnieuw in
          130  afgebroken (Ctrl+C); de vorige index blijft in gebruik
        """;

    /// <summary>Parses the arguments; throws <see cref="ArgumentException"/> with a readable message.</summary>
    public static IngestCommandLine Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        string? dataDir = null, report = null;
        var worker = false;
        var help = false;
        List<string> sites = [], kbs = [], only = [], rest = [];
        string? migrateTo = null;
        var migrate = args.Count > 0 && args[0] == "migrate";
        for (var i = migrate ? 1 : 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)
                ? args[++i]
                : throw new ArgumentException($"{args[i]} verwacht een waarde.");
            switch (args[i])
            {
                case "--data-dir": dataDir = Value(); break;
                case "--site": sites.Add(Value()); break;
                case "--kb": kbs.Add(Value()); break;
                case "--source": only.Add(Value()); break;
                case "--report": report = Value(); break;
                case "--worker": worker = true; break;
                case "--to" when migrate: migrateTo = Value().ToLowerInvariant(); break;
                case "-h" or "--help": help = true; break;
                default: rest.Add(args[i]); break;
            }
        }

        if (worker && (sites.Count > 0 || kbs.Count > 0 || only.Count > 0 || report is not null))
        {
            throw new ArgumentException("--worker leest de bronnen uit Kcc:Sources; --site, --kb, --source en --report horen bij een losse run.");
        }

        if (migrate && migrateTo is not ("qdrant" or "embedded"))
        {
            throw new ArgumentException("migrate verwacht --to qdrant of --to embedded.");
        }

        if (migrate && (worker || sites.Count > 0 || kbs.Count > 0 || only.Count > 0 || report is not null))
        {
            throw new ArgumentException("migrate kopieert alleen de actuele generatie; --worker, --site, --kb, --source en --report horen er niet bij.");
        }

        return new IngestCommandLine(dataDir, sites, kbs, only, report, rest, worker, help, migrateTo);
    }

    /// <summary>The ad-hoc sources given with --site and --kb, named after their folder or host so re-runs stay incremental.</summary>
    public IReadOnlyList<SourceDefinition> AdHocSources()
    {
        var sources = new List<SourceDefinition>();
        foreach (var (locations, kind) in new[] { (Sites, SourceKind.Site), (KnowledgeBases, SourceKind.KnowledgeBase) })
        {
            foreach (var location in locations)
            {
                var name = Uri.TryCreate(location, UriKind.Absolute, out var uri) && uri.Scheme.StartsWith("http", StringComparison.Ordinal)
                    ? uri.Host
                    : Path.GetFileName(Path.TrimEndingDirectorySeparator(location));
                var unique = name;
                for (var n = 2; sources.Any(s => s.Name == unique); n++)
                {
                    unique = $"{name}-{n}";
                }

                sources.Add(new SourceDefinition { Name = unique, Kind = kind, Locations = [location] });
            }
        }

        return sources;
    }
}
