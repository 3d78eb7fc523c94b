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
}
