namespace KccAssistant.Privacy;

/// <summary>
/// The <c>Kcc:PersonalData</c> section: what the personal-data detector treats as public. The municipality's own
/// contact details (its bank accounts, mail domains and phone numbers) are published on purpose and must not
/// block a page.
/// </summary>
public sealed class PersonalDataOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Kcc:PersonalData";

    /// <summary>Whether private e-mail addresses count as personal data (default true).</summary>
    public bool DetectEmail { get; set; } = true;

    /// <summary>Whether phone numbers of persons count as personal data (default true).</summary>
    public bool DetectPhone { get; set; } = true;

    /// <summary>
    /// Whether every landline number not on the allow-list is personal data (default false). Off, a landline counts
    /// only next to words that make it someone's own ("privé", "thuis", "mijn", "bel mij"): public content names
    /// the numbers of many other organisations, which an allow-list of the municipality's own cannot cover. Mobile
    /// numbers are always personal unless allow-listed.
    /// </summary>
    public bool DetectLandlines { get; set; }

    /// <summary>Contact details that are never personal data (<c>Kcc:PersonalData:Allow</c>).</summary>
    public PersonalDataAllowList Allow { get; set; } = new();
}

/// <summary>Public contact details of the organisation: never reported as personal data.</summary>
public sealed class PersonalDataAllowList
{
    /// <summary>IBANs of the organisation, in any notation ("NL91 ABNA 0417 1643 00").</summary>
    public List<string> Ibans { get; set; } = [];

    /// <summary>Mail domains of the organisation; subdomains are included ("lindenhaven.nl" allows "wmo.lindenhaven.nl").</summary>
    public List<string> EmailDomains { get; set; } = [];

    /// <summary>Dutch phone numbers of the organisation, in any notation ("0589-555 000", "+31 589 555 100").</summary>
    public List<string> PhoneNumbers { get; set; } = [];
}
