"""What an import read that the analyst should know of, in sentences: said in the Processing log of
``importstations`` and in the message of the dock's Import… alike."""

from __future__ import annotations

from ..i18n import LocaleNumber, number, tr


def import_notes(result) -> list[str]:
    """Translated sentences on how ``result`` (a :class:`core.importers.ImportResult`) was read: heights taken
    from altitudes, the files NetworkLinks loaded (a file beside the KML for a link to another computer's), tracks
    placed at their last position, generation numbers read as technologies, a 'sectors' column of sector counts
    not read as azimuths, areas placed at their centroid."""
    details = result.details
    notes = []
    heights = details.get("heights_from_altitude")
    if heights:
        notes.append(tr("The antenna height of {n} placemark was taken from its altitude above the ground (placed "
                        "'relative to ground', at the top of the mast); the file gives no height field",
                        "Antenna heights of {n} placemarks were taken from their altitude above the ground (placed "
                        "'relative to ground', at the top of the mast); the file gives no height field",
                        heights).format(n=heights))
    linked = details.get("linked_files")
    if linked:
        notes.append(tr("The places of the files its NetworkLinks load were read too: {files}").format(
            files=", ".join(linked)))
    beside = details.get("links_beside")
    if beside:
        notes.append(tr("NetworkLinks naming a file of another computer were followed to the file of that name beside "
                        "the KML: {links}").format(links=", ".join(f"{href} → {name}" for href, name in beside)))
    tracks = details.get("moving_tracks")
    if tracks:
        shown = ", ".join(tr("'{name}' (line {line}: {metres:,.0f} m)").format(name=name, line=line,
                                                                            metres=LocaleNumber(metres))
                          for line, name, metres in tracks[:10])
        more = tr(" and {n} more", " and {n} more", len(tracks) - 10).format(n=number(len(tracks) - 10, count=True)) \
            if len(tracks) > 10 else ""
        notes.append(tr("{n} placemark recorded as a track that moves was placed at its last position (the "
                        "distance is that of its farthest position from their mean): {tracks}{more}",
                        "{n} placemarks recorded as a track that moves were placed at its last position (the "
                        "distance is that of its farthest position from their mean): {tracks}{more}",
                        len(tracks)).format(n=number(len(tracks), count=True), tracks=shown, more=more))
    generations = details.get("generation_numbers")
    if generations:
        values = ", ".join(f"{number} → {tech}" for number, tech in generations["values"].items())
        notes.append(tr("The column '{column}' holds generation numbers, read as technologies: {values} "
                        "({n} row)", "The column '{column}' holds generation numbers, read as technologies: {values} "
                        "({n} rows)", generations["rows"]).format(column=generations["column"], values=values,
                                                                   n=generations["rows"]))
    files = details.get("other_files")
    if files:
        notes.append(tr("Of the zip's files, {member} holds the points read; {files} hold no points and were not "
                        "read").format(member=details.get("member", ""), files=", ".join(files)))
    other = details.get("not_technology")
    if other:
        notes.append(tr("The column '{column}' was not read as the technology: its values are no generations nor "
                        "technologies ({values})").format(column=other["column"],
                                                         values=", ".join(other["values"])))
    counts = details.get("sector_counts")
    if counts:
        notes.append(tr("The column '{column}' holds how many sectors each site has ({values}), not their bearings: "
                        "it was not read as azimuths ({n} row left without azimuths, a full disc)",
                        "The column '{column}' holds how many sectors each site has ({values}), not their bearings: "
                        "it was not read as azimuths ({n} rows left without azimuths, each a full disc)",
                        counts["rows"]).format(column=counts["column"], values=", ".join(counts["values"]),
                                               n=counts["rows"]))
    not_given = details.get("not_given")
    if not_given:
        columns = details.get("field_columns", {})
        n = sum(not_given.values())
        fields = ", ".join(f"'{columns.get(name, name)}' ({number(count, count=True)})"
                           for name, count in not_given.items())
        notes.append(tr("{n} value written as 'no value' (NA, N/A, NaN, null, -) was read as not given, as an empty "
                        "cell is: {fields}",
                        "{n} values written as 'no value' (NA, N/A, NaN, null, -) were read as not given, as empty "
                        "cells are: {fields}", n).format(n=number(n, count=True), fields=fields))
    footprints = details.get("footprints")
    if footprints:
        notes.append(tr("{n} feature drawn as an area no more than {metres} m across (a tower's footprint, compound "
                        "or roof) was placed at its centroid; larger areas are not read as stations",
                        "{n} features drawn as areas no more than {metres} m across (towers' footprints, compounds "
                        "or roofs) were placed at their centroid; larger areas are not read as stations",
                        footprints["count"]).format(n=footprints["count"], metres=number(footprints["max_m"], None)))
    incomplete = details.get("incomplete_osm")
    if incomplete:
        shown = ", ".join(
            (tr("relation {id} (line {line}: {have} of {total} member ways)") if kind == "relation" else
             tr("way {id} (line {line}: {have} of {total} nodes)")).format(id=osm_id, line=line, have=have,
                                                                           total=total)
            for line, kind, osm_id, have, total in incomplete[:10])
        more = tr(" and {n} more", " and {n} more", len(incomplete) - 10).format(
            n=number(len(incomplete) - 10, count=True)) if len(incomplete) > 10 else ""
        notes.append(tr("{n} OSM object is incomplete in the file (downloaded in part, as JOSM keeps a relation "
                        "whose member ways lie outside the area downloaded): it is placed at the centre of what "
                        "the file holds of it, which may be off its true place; check it, or download it whole "
                        "(JOSM: Download members): {objects}{more}",
                        "{n} OSM objects are incomplete in the file (downloaded in part, as JOSM keeps a relation "
                        "whose member ways lie outside the area downloaded): each is placed at the centre of what "
                        "the file holds of it, which may be off its true place; check them, or download them "
                        "whole (JOSM: Download members): {objects}{more}", len(incomplete)).format(
            n=number(len(incomplete), count=True), objects=shown, more=more))
        if details.get("format") in ("Overpass API JSON", "Overpass API XML"):
            notes.append(tr("Of an Overpass answer, 'out center;' in the query gives the centre of each way and "
                            "relation from all of it"))
    untyped = details.get("overpass_without_type")
    if untyped:
        notes.append(tr("The Overpass CSV has ids ('{column}') but no ::type: an id may be a node's, a way's or a "
                        "relation's, so the stations are named 'OSM object N' with ids of their own, which do not "
                        "merge with the same objects imported with their type (Overpass JSON, an .osm file); add "
                        "::type to the query's [out:csv(...)] for that").format(column=untyped["column"]))
        if untyped["repeated"]:
            shown = ", ".join(untyped["repeated"][:10]) + (" …" if len(untyped["repeated"]) > 10 else "")
            notes.append(tr("Ids shared by objects of two types (a node and a way of one number) give those "
                            "stations no OSM id: {ids}").format(ids=shown))
    return notes
