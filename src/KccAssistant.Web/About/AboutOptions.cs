namespace KccAssistant.Web.About;

/// <summary>
/// The <c>Kcc:About</c> section: who the municipality is and whom agents contact about the assistant, shown on the
/// page "Over deze assistent". Transparency is only worth something when there is a person to ask.
/// </summary>
public sealed class AboutOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Kcc:About";

    /// <summary>The municipality's name as residents know it, e.g. "Lindenhaven".</summary>
    public string MunicipalityName { get; set; } = "Lindenhaven";

    /// <summary>The team or person that answers questions about the assistant.</summary>
    public string ContactName { get; set; } = "Team Informatievoorziening KCC";

    /// <summary>E-mail address for questions and error reports about the assistant.</summary>
    public string ContactEmail { get; set; } = "kcc-assistent@lindenhaven.nl";

    /// <summary>Phone number for the same; optional (empty hides it).</summary>
    public string? ContactPhone { get; set; } = "0589 555 000";
}
