using System.ComponentModel.DataAnnotations;

namespace KccAssistant.Configuration;

/// <summary>The <c>Kcc</c> configuration section shared by the web app, the ingest worker and the eval CLI.</summary>
public sealed class KccOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Kcc";

    /// <summary>Data directory of the embedded store; relative paths resolve against the repository root.</summary>
    [Required]
    public string DataDir { get; set; } = "data";

    /// <summary>
    /// The municipality this process serves. With the Qdrant store its collections are named after it, so several
    /// municipalities share one server without seeing each other's content; lower-case letters, digits and '-'.
    /// </summary>
    [Required]
    [RegularExpression("^[a-z0-9]+(-[a-z0-9]+)*$", ErrorMessage = "Kcc:Tenant mag alleen kleine letters, cijfers en '-' bevatten.")]
    [StringLength(40, ErrorMessage = "Kcc:Tenant is hooguit 40 tekens.")]
    public string Tenant { get; set; } = "default";
}
