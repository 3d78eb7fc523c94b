using System.Text.RegularExpressions;
using KccAssistant.Web.Security;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace KccAssistant.Web.Evaluation;

/// <summary>
/// The Evaluation page's feature: its services, the background worker, and the downloads of reports, plots,
/// comparisons and sets under <c>/evaluatie/</c> (cookie sign-in like the page; data scientists only).
/// </summary>
public static partial class EvaluationEndpoints
{
    /// <summary>The page.</summary>
    public const string PagePath = "/evaluatie";

    /// <summary>Adds the options, sets, run store, queue and worker.</summary>
    public static IServiceCollection AddKccWebEvaluation(this IServiceCollection services)
    {
        services.AddOptions<EvaluationOptions>().BindConfiguration(EvaluationOptions.SectionName).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EvaluationOptions>, EvaluationOptionsValidator>());
        services.AddSingleton<EvaluationSets>();
        services.AddSingleton<EvaluationRunStore>();
        services.AddSingleton<EvaluationQueue>();
        services.AddHostedService<EvaluationWorker>();
        return services;
    }

    /// <summary>Maps the downloads, all for the <see cref="KccPolicies.Evaluation"/> policy.</summary>
    public static IEndpointRouteBuilder MapKccEvaluation(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup(PagePath).RequireAuthorization(KccPolicies.Evaluation);
        group.MapGet("/runs/{id}/{file}", (string id, string file, EvaluationRunStore store, HttpContext context) =>
            Serve(context, EvaluationRunStore.IsRunId(id) ? Path.Combine(store.DirectoryOf(id), file) : null, file));
        group.MapGet("/runs/{id}/vergelijking/{other}/{file}", (string id, string other, string file, EvaluationRunStore store, HttpContext context) =>
            Serve(context, EvaluationRunStore.IsRunId(id) && EvaluationRunStore.IsRunId(other) ? Path.Combine(store.ComparisonDirectory(other, id), file) : null, file));
        group.MapGet("/sets/{kind}/{file}", (string kind, string file, EvaluationSets sets, HttpContext context) =>
            Serve(context, sets.FileOf(kind, file), file, attachment: true));
        return endpoints;
    }

    /// <summary>The download link of a run's file, relative to the app's base.</summary>
    public static string RunFile(string id, string file) => $"evaluatie/runs/{Uri.EscapeDataString(id)}/{Uri.EscapeDataString(file)}";

    /// <summary>The download link of a comparison's file (run <paramref name="idB"/> against <paramref name="idA"/>).</summary>
    public static string ComparisonFile(string idA, string idB, string file) =>
        $"evaluatie/runs/{Uri.EscapeDataString(idB)}/vergelijking/{Uri.EscapeDataString(idA)}/{Uri.EscapeDataString(file)}";

    /// <summary>The download link of a set.</summary>
    public static string SetFile(EvaluationSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        return $"evaluatie/sets/{set.Id}";
    }

    private static IResult Serve(HttpContext context, string? path, string file, bool attachment = false)
    {
        // Only the names eval writes; never a separator, so a name cannot leave the run's folder.
        if (path is null || !FileName().IsMatch(file) || !File.Exists(path))
        {
            return Results.NotFound();
        }

        // Questions and answers of the municipality's own sets, and of exported feedback: not for shared caches.
        context.Response.Headers.CacheControl = "no-store";
        var type = Path.GetExtension(file) switch
        {
            ".json" => "application/json; charset=utf-8",
            ".jsonl" => "application/jsonl; charset=utf-8",
            ".html" => "text/html; charset=utf-8",
            ".md" => "text/markdown; charset=utf-8",
            _ => "image/png",
        };
        return Results.File(path, type, attachment ? file : null);
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9@._-]{0,120}\\.(json|jsonl|html|md|png)$")]
    private static partial Regex FileName();
}
