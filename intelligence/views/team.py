"""The Child Exploitation team's pages: the triage queue, an item, and the work on it (assess, link,
decide), and the trends. 404 for an item the user is neither the submitter of nor in the receiving
team for; 403 for a submitter on the team's pages. Every opening of an item is logged on the item,
and on each child it is linked to (their access log)."""

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from intelligence import selectors, services, trends
from intelligence.charts import trend_charts
from intelligence.forms import (
    AssessForm,
    CloseForm,
    PersonLinkForm,
    PlaceLinkForm,
    TrendsFilterForm,
    VehicleLinkForm,
)
from intelligence.models import IntelligenceItem
from portal.pages import paginate, posted, record_read, submit

Item = IntelligenceItem


def _require_team(request: HttpRequest) -> None:
    if not selectors.is_ce_member(request.user):
        raise PermissionDenied("The triage queue and the trends are for the Child Exploitation team.")


def _item_read(request: HttpRequest, item: Item, *, what: str) -> list:
    """Log the read on the item, and as an access event on every child it is linked to."""
    services.intelligence_read_record(user=request.user, item=item, what=what)
    links = selectors.item_child_links(item=item)
    for link in links:
        record_read(
            request, link.child, what="Exploitation intelligence", through=f"intelligence item {item.reference}"
        )
    return links


def _team_item(request: HttpRequest, pk: int, *, what: str) -> Item:
    item = selectors.item_get_for_user(user=request.user, pk=pk)
    _item_read(request, item, what=what)
    if not selectors.can_triage(request.user, item):
        raise PermissionDenied("Only the Child Exploitation team works on intelligence.")
    return item


def _action(request: HttpRequest, item: Item, form, *, title: str, intro: list[str] | None = None) -> HttpResponse:
    context = {"item": item, "form": form, "title": title, "intro": intro or []}
    return render(request, "intelligence/action_form.html", context)


def queue(request: HttpRequest) -> HttpResponse:
    _require_team(request)
    show = request.GET.get("show", "open")
    show = show if show in [*selectors.QUEUE_VIEWS, "overdue"] else "open"
    kind = request.GET.get("kind", "")
    today = timezone.localdate()
    items = selectors.queue_for_user(
        user=request.user,
        show="open" if show == "overdue" else show,
        kind=kind,
        overdue_on=today if show == "overdue" else None,
    )
    context = {
        "page": paginate(request, items),
        "show": show,
        "views": selectors.QUEUE_VIEWS,
        "kinds": Item.Kind.choices,
        "kind": kind,
        "today": today,
    }
    return render(request, "intelligence/queue.html", context)


def detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.item_get_for_user(user=request.user, pk=pk)
    if item.state == Item.State.DRAFT:
        return redirect(item)
    links = _item_read(request, item, what="Intelligence item")
    team = selectors.can_triage(request.user, item)
    context = {
        "item": item,
        "subjects": selectors.item_subjects(item=item),
        "child_links": links,
        "place_links": selectors.item_place_links(item=item),
        "vehicle_links": selectors.item_vehicle_links(item=item),
        "individual_links": selectors.item_individual_links(item=item),
        "team": team,
        "reads": selectors.item_reads(item=item) if team else [],
        "history": selectors.item_history(item=item) if team else [],
        "today": timezone.localdate(),
    }
    return render(request, "intelligence/detail.html", context)


def assess(request: HttpRequest, pk: int) -> HttpResponse:
    item = _team_item(request, pk, what="Assess intelligence")
    form = AssessForm(posted(request))
    if request.method == "POST" and form.is_valid():
        done = submit(
            request,
            lambda: services.intelligence_assess(actor=request.user, item=item, notes=form.cleaned_data["notes"]),
            form=form,
            rename={"notes": "notes"},
            success=f"{item.reference} assessed",
            then=item,
        )
        if done:
            return done
    return _action(request, item, form, title="Assess the intelligence")


def link_place(request: HttpRequest, pk: int) -> HttpResponse:
    item = _team_item(request, pk, what="Link intelligence to a place")
    places = selectors.places_of(authority_id=item.authority_id)
    form = PlaceLinkForm(
        posted(request),
        places=places,
        initial={"description": item.place_description, "postcode_district": item.postcode_district},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = submit(
            request,
            lambda: services.intelligence_link_place(
                actor=request.user,
                item=item,
                place=data["place"],
                description=data["description"],
                postcode_district=data["postcode_district"],
            ),
            form=form,
            success="Place linked",
            then=item,
        )
        if done:
            return done
    intro = [
        "Choose a place the team has already recorded, so that this submission counts towards it, or describe a new "
        "one. The same description in the same district is the same place."
    ]
    return _action(request, item, form, title="Link to a place", intro=intro)


def link_vehicle(request: HttpRequest, pk: int) -> HttpResponse:
    item = _team_item(request, pk, what="Link intelligence to a vehicle")
    form = VehicleLinkForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = submit(
            request,
            lambda: services.intelligence_link_vehicle(
                actor=request.user, item=item, registration=data["registration"], description=data["description"]
            ),
            form=form,
            success="Vehicle linked",
            then=item,
        )
        if done:
            return done
    return _action(request, item, form, title="Link to a vehicle")


def link_person(request: HttpRequest, pk: int) -> HttpResponse:
    item = _team_item(request, pk, what="Link intelligence to a person")
    form = PersonLinkForm(posted(request), individuals=selectors.individuals_of(authority_id=item.authority_id))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = submit(
            request,
            lambda: services.intelligence_link_person(
                actor=request.user,
                item=item,
                individual=data["individual"],
                kind=data["kind"],
                name=data["name"],
            ),
            form=form,
            success="Person linked",
            then=item,
        )
        if done:
            return done
    intro = [
        "Choose a person the team has already recorded, so that this submission counts towards them, or name a new "
        "one. The same name typed another way (\u201cMarston, Tiny\u201d for \u201cTiny Marston\u201d) is the "
        "same person."
    ]
    return _action(request, item, form, title="Link to a person", intro=intro)


def close(request: HttpRequest, pk: int) -> HttpResponse:
    item = _team_item(request, pk, what="Decide on intelligence")
    form = CloseForm(posted(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        done = submit(
            request,
            lambda: services.intelligence_close(
                actor=request.user,
                item=item,
                outcome=data["outcome"],
                reasons=data["reasons"],
                police_reference=data["police_reference"],
            ),
            form=form,
            success="Decision recorded",
            then=item,
        )
        if done:
            return done
    return _action(request, item, form, title="Share with the police, or no further action")


def trends_page(request: HttpRequest) -> HttpResponse:
    """Counts by type, district and month; recurring places and vehicles; places several children are
    linked to. `?format=csv` exports the filtered items (no free text, no names) for the partnership."""
    _require_team(request)
    form = TrendsFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    today = timezone.localdate()
    months = data.get("months", 12)
    months = 12 if months is None else months
    filters = trends.filters_from(
        kind=data.get("kind") or "",
        district=data.get("district") or "",
        months=months,
        today=today,
        person_kind=data.get("person_kind") or "",
    )
    items = trends.trend_items(user=request.user, filters=filters)
    if request.GET.get("format") == "csv":
        return trends.trends_csv(items, f"exploitation-intelligence-{today:%Y-%m-%d}.csv")
    picture = trends.trends_picture(items, person_kind=filters.person_kind)
    context = {
        "form": form,
        "filters": filters,
        "total": picture.total,
        "charts": trend_charts(kinds=picture.kinds, districts=picture.districts, months=picture.months),
        "places": picture.places,
        "vehicles": picture.vehicles,
        "shared_places": picture.shared_places,
        "people": picture.people,
        "shared_people": picture.shared_people,
        "months": picture.months,
        "query": request.GET.urlencode(),
    }
    return render(request, "intelligence/trends.html", context)
