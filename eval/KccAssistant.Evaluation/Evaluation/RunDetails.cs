using System.Collections;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using KccAssistant.Answering.Answerability;
using KccAssistant.Configuration;
using KccAssistant.Embeddings;
using KccAssistant.Retrieval;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace KccAssistant.Eval.Evaluation;

/// <summary>
/// What a report was measured on, so that two reports can be told apart months later: when, which code, which
/// settings differed from the defaults, which index and which part of which set.
/// </summary>
/// <param name="CreatedAt">When the run ended.</param>
/// <param name="Commit">The git commit of the code, "onbekend" outside a repository; "+" marks local changes.</param>
/// <param name="Set">The labelled set's path as given.</param>
/// <param name="SetQuestions">Questions in the whole set.</param>
/// <param name="SetUnanswerable">Unanswerable questions in the whole set.</param>
/// <param name="Splits">The parts that were run.</param>
/// <param name="DataDir">The data directory of the index.</param>
/// <param name="IndexGeneration">The index generation that answered.</param>
/// <param name="Chunks">Chunks in that generation.</param>
/// <param name="EmbeddingModel">The embedding model of that generation.</param>
/// <param name="ChangedSettings">Configuration key to "value (standaard default)" for every setting that is not the default.</param>
public sealed record RunDetails(
    DateTimeOffset CreatedAt,
    string Commit,
    string Set,
    int SetQuestions,
    int SetUnanswerable,
    IReadOnlyList<string> Splits,
    string DataDir,
    long IndexGeneration,
    int Chunks,
    string? EmbeddingModel,
    IReadOnlyDictionary<string, string> ChangedSettings)
{
    /// <summary>What is written when the commit cannot be read.</summary>
    public const string Unknown = "onbekend";

    /// <summary>
    /// The settings of the options sections that shape retrieval and answers whose bound value differs from a
    /// default instance. Collections are only named: their contents are in the configuration, and whole weight
    /// tables would bury the one number that changed.
    /// </summary>
    public static Dictionary<string, string> ChangedSettingsOf(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var changed = new Dictionary<string, string>(StringComparer.Ordinal);
        Compare(services.GetRequiredService<IOptions<RetrievalOptions>>().Value, new RetrievalOptions(), RetrievalOptions.SectionName, changed);
        Compare(services.GetRequiredService<IOptions<AnswerabilityOptions>>().Value, new AnswerabilityOptions(), AnswerabilityOptions.SectionName, changed);
        Compare(services.GetRequiredService<IOptions<EmbeddingOptions>>().Value, new EmbeddingOptions(), EmbeddingOptions.SectionName, changed);
        return changed;
    }

    /// <summary>Adds every differing property of <paramref name="bound"/> under <paramref name="section"/>.</summary>
    internal static void Compare<T>(T bound, T defaults, string section, IDictionary<string, string> changed)
        where T : class
    {
        foreach (var property in typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanRead && p.GetIndexParameters().Length == 0))
        {
            // An empty string binds where the default is null (an empty "ModelPath": "" in appsettings.json): the same setting.
            var value = property.GetValue(bound) is string { Length: 0 } ? null : property.GetValue(bound);
            var standard = property.GetValue(defaults) is string { Length: 0 } ? null : property.GetValue(defaults);
            var key = $"{section}:{property.Name}";
            if (value is IEnumerable and not string || standard is IEnumerable and not string)
            {
                if (!SameItems(value as IEnumerable, standard as IEnumerable))
                {
                    changed[key] = "aangepast (zie de configuratie)";
                }
            }
            else if (IsScalar(property.PropertyType) && !Equals(value, standard))
            {
                changed[key] = $"{Text(value)} (standaard {Text(standard)})";
            }
        }
    }

    /// <summary>The commit of the repository at <paramref name="directory"/>, or <see cref="Unknown"/> without git or outside a repository.</summary>
    public static async Task<string> CommitAsync(string directory, CancellationToken cancellationToken = default)
    {
        var head = await GitAsync(directory, "rev-parse HEAD", cancellationToken);
        if (head is null || head.Length < 7)
        {
            return Unknown;
        }

        // Local changes make the commit a near miss, not the code that ran: say so.
        var status = await GitAsync(directory, "status --porcelain --untracked-files=no", cancellationToken);
        return string.IsNullOrEmpty(status) ? head : head + "+";
    }

    private static async Task<string?> GitAsync(string directory, string arguments, CancellationToken cancellationToken)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("git", arguments)
            {
                WorkingDirectory = directory,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (process is null)
            {
                return null;
            }

            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            var output = await process.StandardOutput.ReadToEndAsync(timeout.Token);
            await process.WaitForExitAsync(timeout.Token);
            return process.ExitCode == 0 ? output.Trim() : null;
        }
        catch (Exception exception) when (exception is System.ComponentModel.Win32Exception or InvalidOperationException or IOException)
        {
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>The repository root the eval runs from, for <see cref="CommitAsync"/>.</summary>
    public static string RepositoryRoot => KccPaths.RepositoryRoot;

    private static bool IsScalar(Type type)
    {
        var inner = Nullable.GetUnderlyingType(type) ?? type;
        return inner.IsPrimitive || inner.IsEnum || inner == typeof(string) || inner == typeof(decimal) || inner == typeof(TimeSpan);
    }

    private static bool SameItems(IEnumerable? a, IEnumerable? b) =>
        (a, b) switch
        {
            (null, null) => true,
            (null, _) or (_, null) => false,
            _ => a.Cast<object?>().Select(Text).SequenceEqual(b.Cast<object?>().Select(Text)),
        };

    private static string Text(object? value) => value switch
    {
        null => "leeg",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
