namespace KccAssistant.Tests.Pdf;

/// <summary>
/// The PDFs of the sample municipality Lindenhaven (ingest/samples/website/documenten), written here so they can be
/// regenerated: <c>KCC_WRITE_SAMPLE_PDFS=1 dotnet test --filter FullyQualifiedName~SamplePdfTests</c>. All text is
/// fictional and written for this project.
/// </summary>
internal static class SamplePdfs
{
    public const string Folder = "documenten";

    public static IReadOnlyDictionary<string, Func<byte[]>> All { get; } = new Dictionary<string, Func<byte[]>>(StringComparer.Ordinal)
    {
        ["tarieventabel-havengelden-2026.pdf"] = Tarieventabel,
        ["havenverordening-lindenhaven-2025.pdf"] = Havenverordening,
        ["folder-regenwater-opvangen.pdf"] = FolderRegenwater,
    };

    public static byte[] Tarieventabel() => new PdfLayoutWriter("Tarieventabel havengelden 2026", "Gemeente Lindenhaven - Tarieventabel havengelden 2026", "D:20251218100000")
        .Title("Tarieventabel havengelden 2026")
        .Paragraph("Behorende bij de Verordening havengelden Lindenhaven 2026, vastgesteld door de gemeenteraad op 11 december 2025. De tarieven gelden van 1 januari 2026 tot en met 31 december 2026. Alle bedragen zijn in euro en inclusief btw, tenzij anders vermeld.")
        .Heading("1. Passantenhaven")
        .Paragraph("Het liggeld voor passanten wordt berekend per nacht en per meter lengte over alles van het vaartuig. Een begonnen meter telt als een hele meter. U betaalt bij de havenmeester of bij de betaalautomaat op de steiger.")
        .Table([0, 225, 405],
            ["Omschrijving", "Eenheid", "Tarief"],
            ["Liggeld passant, 1 april tot 1 oktober", "per meter per nacht", "2,10 euro"],
            ["Liggeld passant, 1 oktober tot 1 april", "per meter per nacht", "1,25 euro"],
            ["Toeristenbelasting opvarenden", "per persoon per nacht", "1,95 euro"],
            ["Walstroom", "per kWh", "0,45 euro"],
            ["Douchemunt", "per stuk", "1,00 euro"],
            ["Gebruik trailerhelling", "per keer", "12,50 euro"])
        .Paragraph("Voor een vaartuig dat korter is dan 6 meter betaalt u het liggeld voor 6 meter. Kinderen tot 12 jaar betalen geen toeristenbelasting.")
        .Heading("2. Vaste ligplaatsen")
        .Paragraph("Een vaste ligplaats huurt u voor een heel seizoen of een heel jaar. De huur wordt vooraf in een keer gefactureerd. Opzeggen kan tot 1 maart voor het volgende seizoen.")
        .Table([0, 225, 405],
            ["Omschrijving", "Eenheid", "Tarief"],
            ["Jaarligplaats recreatievaartuig", "per meter per jaar", "118,00 euro"],
            ["Seizoensligplaats (april-september)", "per meter per seizoen", "86,50 euro"],
            ["Winterligplaats (oktober-maart)", "per meter per periode", "49,00 euro"],
            ["Ligplaatsvergunning woonschip, leges", "per aanvraag", "347,00 euro"],
            ["Precario woonschip", "per m2 water per jaar", "6,80 euro"],
            ["Plaatsen op wachtlijst ligplaats", "eenmalig", "25,00 euro"])
        .PageBreak()
        .Heading("3. Hijsen, trailers en overige diensten")
        .Paragraph("De havenkraan wordt alleen bediend door de havenmeester. Hijsen gaat op afspraak, minstens twee werkdagen van tevoren. Het gewicht van het vaartuig bepaalt het tarief.")
        .Table([0, 225, 405],
            ["Omschrijving", "Eenheid", "Tarief"],
            ["Hijsen met de havenkraan, tot 3 ton", "per keer", "65,00 euro"],
            ["Hijsen met de havenkraan, 3 tot 8 ton", "per keer", "110,00 euro"],
            ["Trailer parkeren op het haventerrein", "per dag", "5,00 euro"],
            ["Borg sleutelpas sanitairgebouw", "per pas", "20,00 euro"],
            ["Afpompen vuilwatertank", "per keer", "gratis"])
        .Heading("4. Vrijstellingen en betaling")
        .Bullets(
            "Reddingsboten, vaartuigen van de politie en van Rijkswaterstaat betalen geen liggeld.",
            "Historische schepen met een registratie bij de Federatie Varend Erfgoed krijgen 50 procent korting op het liggeld voor passanten.",
            "Wie zonder te betalen in de passantenhaven ligt, krijgt een naheffing van het dubbele liggeld.")
        .Paragraph("Vragen over deze tarieven? Bel het havenkantoor op 0589 555 100, dagelijks van 8.00 tot 20.00 uur in het vaarseizoen.")
        .Build();

    public static byte[] Havenverordening() => new PdfLayoutWriter("Havenverordening Lindenhaven 2025", "Havenverordening Lindenhaven 2025", "D:20250301120000")
        .Title("Havenverordening Lindenhaven 2025")
        .Paragraph("De raad van de gemeente Lindenhaven, gelezen het voorstel van burgemeester en wethouders van 14 januari 2025, gelet op artikel 149 van de Gemeentewet, besluit vast te stellen de volgende verordening.")
        .Heading("Artikel 1. Begripsbepalingen")
        .Paragraph("In deze verordening wordt verstaan onder: haven: de Oude Haven, de Nieuwe Haven en de passantenhaven met de daarbij behorende steigers en kades; havenmeester: de door het college aangewezen ambtenaar die belast is met het toezicht in de haven; vaartuig: elk drijvend voorwerp dat bestemd is om te varen; woonschip: een vaartuig dat hoofdzakelijk wordt gebruikt als woning.")
        .Heading("Artikel 2. Melden bij aankomst")
        .Paragraph("De schipper van een vaartuig dat de passantenhaven binnenvaart, meldt zich binnen een uur na aankomst bij de havenmeester. Melden kan aan de balie van het havenkantoor, via marifoonkanaal 31 of telefonisch. De havenmeester wijst de ligplaats aan.")
        .Heading("Artikel 3. Verblijfsduur passantenhaven")
        .Paragraph("Een passant mag ten hoogste vijf aaneengesloten nachten in de passantenhaven liggen. In de maanden juli en augustus is dat ten hoogste drie aaneengesloten nachten. De havenmeester kan bij slecht weer of bij pech aan het vaartuig toestaan dat een passant langer blijft.")
        .Heading("Artikel 4. Ligplaatsvergunning woonschepen")
        .Paragraph("Het is verboden zonder vergunning van het college met een woonschip een ligplaats in te nemen. Het college verleent ten hoogste 24 ligplaatsvergunningen voor woonschepen, uitsluitend aan de Westkade. Een aanvraag wordt binnen acht weken beslist. De vergunning is persoonsgebonden en gaat niet over bij verkoop van het woonschip.")
        .PageBreak()
        .Heading("Artikel 5. Gedragsregels in de haven")
        .Bullets(
            "In de haven geldt een maximumsnelheid van 6 kilometer per uur; er wordt geen hinderlijke golfslag veroorzaakt.",
            "Het is verboden afvalwater, olie of bilgewater in het havenwater te lozen; gebruik het afpompstation bij de Nieuwe Haven.",
            "Zwemmen in de havenmonding en tussen de steigers is verboden.",
            "Een vaartuig ligt zo afgemeerd dat de doorvaart vrij blijft; dubbel afmeren mag alleen met toestemming van de havenmeester.",
            "Tussen 23.00 en 7.00 uur wordt geen geluid gemaakt dat buiten het vaartuig hinderlijk hoorbaar is.")
        .Heading("Artikel 6. Aanwijzingen van de havenmeester")
        .Paragraph("De schipper volgt de aanwijzingen van de havenmeester op. De havenmeester kan een vaartuig dat in strijd met deze verordening ligt, op kosten van de eigenaar laten verplaatsen.")
        .Heading("Artikel 7. Wrakken en verlaten vaartuigen")
        .Paragraph("Een vaartuig dat langer dan drie maanden zonder toestemming in de haven ligt en zichtbaar niet wordt onderhouden, kan na een schriftelijke waarschuwing door het college worden verwijderd. De eigenaar krijgt vier weken om het vaartuig zelf weg te halen.")
        .Heading("Artikel 8. Strafbepaling en inwerkingtreding")
        .Paragraph("Overtreding van de artikelen 3, 4 en 5 wordt gestraft met een geldboete van de eerste categorie. Deze verordening treedt in werking op 1 april 2025 en wordt aangehaald als Havenverordening Lindenhaven 2025. De Havenverordening Lindenhaven 2012 wordt op die datum ingetrokken.")
        .Paragraph("Aldus vastgesteld in de openbare raadsvergadering van 27 februari 2025.")
        .Build();

    public static byte[] FolderRegenwater() => new PdfLayoutWriter("Regenwater opvangen in uw tuin", "Gemeente Lindenhaven - folder klimaatbestendig wonen", "D:20260302080000")
        .Title("Regenwater opvangen in uw tuin")
        .Paragraph("Het regent vaker en harder. Bij een flinke bui kan het riool al dat water niet aan en lopen straten en kelders onder. Elke tegel die uit uw tuin verdwijnt en elke liter die u opvangt, helpt. De gemeente Lindenhaven betaalt daarom mee aan maatregelen van inwoners.")
        .Heading("Subsidie Klimaatbestendig Lindenhaven")
        .Paragraph("Eigenaren en huurders van een woning in Lindenhaven kunnen subsidie krijgen. Huurt u? Dan heeft u schriftelijke toestemming van de verhuurder nodig.")
        .Table([0, 220, 360],
            ["Maatregel", "Vergoeding", "Maximaal"],
            ["Regenton (minimaal 100 liter)", "50 procent van de kosten", "40 euro per ton, 2 tonnen"],
            ["Groen dak (sedum of beplanting)", "25 euro per m2", "1.500 euro"],
            ["Regenpijp afkoppelen", "10 euro per m2 dak", "500 euro"],
            ["Tegels eruit, groen erin", "5 euro per m2", "250 euro"])
        .Heading("Zo vraagt u de subsidie aan")
        .Bullets(
            "Koop en plaats eerst de regenton, leg het groene dak aan of koppel de regenpijp af.",
            "Vraag binnen zes maanden daarna de subsidie aan met het formulier op lindenhaven.nl/regenwater.",
            "Stuur de factuur of het aankoopbewijs mee en een foto van de maatregel.",
            "U krijgt binnen acht weken bericht; het geld staat binnen vier weken daarna op uw rekening.")
        .Paragraph("Het subsidiebudget voor 2026 is 60.000 euro. Is het budget op, dan kunt u dat jaar geen subsidie meer krijgen. Aanvragen worden behandeld in volgorde van binnenkomst.")
        .PageBreak()
        .Heading("Gratis geveltuin")
        .Paragraph("Woont u aan een stoep van minimaal 1,5 meter breed? Dan haalt de gemeente gratis een rij stoeptegels langs uw gevel weg, zodat u een geveltuin van 30 centimeter breed kunt maken. U zorgt zelf voor de planten en het onderhoud. Vraag een geveltuin aan via een melding openbare ruimte.")
        .Heading("Tips voor het opvangen van regenwater")
        .Bullets(
            "Gebruik het water uit de regenton voor de tuin en om de auto of fiets te wassen, niet om te drinken.",
            "Zet de regenton leeg voor het gaat vriezen en zet de kraan open.",
            "Sluit de ton af met een deksel, zo voorkomt u muggen en is hij veilig voor kleine kinderen.")
        .Heading("Meer informatie")
        .Paragraph("Kijk op lindenhaven.nl/regenwater of bel 14 0589. Wilt u advies aan huis? De waterambassadeurs van Lindenhaven komen gratis langs en kijken met u wat in uw tuin kan.")
        .Build();
}
