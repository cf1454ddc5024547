"""``channels``: where each channel is and how it reads (api, web, mobile, counter, hotline,
sms). A channel left out is not walked."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from walkthrough.carrier_schema.kinds import (
    EnvVar,
    Number,
    OneOf,
    Pattern,
    Section,
    Template,
    Text,
    Url,
)

Label = Annotated[Any, Text()]
Regex = Annotated[Any, Pattern()]
Timeout = Annotated[Any, Number(0.001)]
KINDS = ("voice", "data")
# customer tasks as flows of actions, being added: checked once their shape settles
FLOWS: Any = Field(None, description="Customer tasks as flows of actions (not checked yet: "
                   "their shape is settling).")


def label(what: str) -> Any:
    return Field(None, description=what)


# -- api -------------------------------------------------------------------------------------
class OAuth(Section):
    token_url: Annotated[Any, Url()] = Field(description="The token endpoint.")
    client_id: Label = Field(description="The client's id.")
    secret_env: Annotated[Any, EnvVar()] = Field(
        description="The environment variable holding the client's secret.")
    scope: Label = label("The scopes asked for, space-separated.")


class Usage(Section):
    types: dict[str, Annotated[Any, OneOf(*KINDS)]] = Field(
        default_factory=dict, description="The carrier's `usageType` → `voice` or `data`.")
    quantity: Label = label("The usage characteristic holding the quantity (default "
                            "`quantity`).")
    per_unit: dict[Annotated[str, OneOf(*KINDS)], Annotated[Any, Number(0.000001)]] = Field(
        default_factory=dict, description="The quantity's units per minute (voice) or MB "
        "(data): 60 for seconds, 1024 for KB.")


class Api(Section):
    base_url: Annotated[Any, Url()] = Field(description="Where the TM Forum APIs are.")
    oauth: OAuth | None = Field(None, description="OAuth 2.0 client credentials; without "
                                "it, `token_env`.")
    token_env: Annotated[Any, EnvVar()] = label(
        "The environment variable holding a static bearer token (without `oauth`).")
    timeout: Timeout = label("Seconds a request may take (default 10).")
    usage_link: Label = label("The bill rate's characteristic naming its usage record's id.")
    scope_filter: Label = label("The filter scoping a list to the walk's customer "
                                "(default `relatedParty.id`; or `billingAccount.id`).")
    usage: Usage | None = Field(None, description="TMF635 usage in the carrier's words and "
                                "units.")
    flows: dict[str, Any] | None = FLOWS


# -- the web hall, and the mobile hall and the counter built on it --------------------------
class Links(Section):
    catalogue: Label = label("The link to the catalogue page.")
    services: Label = label("The link to the customer's services.")
    usage: Label = label("The link to the usage records.")
    bills: Label = label("The link to the bills.")
    repair: Label = label("The link to the fault report page.")
    topup: Label = label("The link to the top-up page.")


class SignIn(Section):
    number: Label = label("The phone number field's label.")
    send_code: Label = label("The button that sends the sign-in code.")
    code: Label = label("The code field's label.")
    submit: Label = label("The sign-in button.")
    code_pattern: Regex = label("Finds the sign-in code in its SMS (group 1).")


class OfferColumns(Section):
    name: Label = label("The header of the offering's name.")
    fee: Label = label("The header of its fee.")
    terms: Label = label("The header of its terms.")


class Catalogue(Section):
    tables: dict[str, OfferColumns] = Field(
        default_factory=dict, description="Each catalogue table by its caption: its headers.")
    order: Label = label("The order button.")
    confirm: Label = label("The confirm-order button.")
    address: Label = label("A fixed line's installation address field.")
    slot: Label = label("The installation slot list.")
    slot_pattern: Regex = label("Reads a slot option (groups date, start, end).")
    result_pattern: Regex = label("Finds the order number in the outcome (group 1).")


class ServiceColumns(Section):
    name: Label = label("The header of the service's name.")
    status: Label = label("The header of its status.")
    start: Label = label("The header of its start date.")
    end: Label = label("The header of its end date.")
    pending: Label = label("The header of a change waiting to take effect.")


Statuses = dict[str, Label]


class Services(Section):
    table: Label = label("The services table's caption.")
    columns: ServiceColumns | None = label("Its headers.")
    status: Statuses = Field(default_factory=dict, description="The carrier's status word → "
                             "TM Forum's (active, pendingActive, ...).")
    pending_pattern: Regex = label("Reads a pending change (groups 1: offering, 2: day).")
    change: Label = label("The change-plan button.")
    new_plan: Label = label("The new plan list.")
    confirm_change: Label = label("The confirm-change button.")
    cancel: Label = label("The unsubscribe button.")
    confirm_cancel: Label = label("The confirm-unsubscribe button.")


class UsageColumns(Section):
    time: Label = label("The header of the session's time.")
    type: Label = label("The header of its type.")
    quantity: Label = label("The header of its quantity.")


class WebUsage(Section):
    table: Label = label("The usage table's caption.")
    columns: UsageColumns | None = label("Its headers.")
    types: dict[str, Annotated[Any, OneOf(*KINDS)]] = Field(
        default_factory=dict, description="The carrier's usage type word → voice or data.")


class BillColumns(Section):
    period: Label = label("The header of the bill's period.")
    amount: Label = label("The header of its amount.")


class LineColumns(UsageColumns):
    charge: Label = label("The header of the line's charge.")


class SummaryColumns(Section):
    item: Label = label("The header of the charge's name.")
    amount: Label = label("The header of its amount.")


class Bills(Section):
    table: Label = label("The bills table's caption.")
    columns: BillColumns | None = label("Its headers.")
    holder: Label = label("The label of the number the bills are for.")
    open: Label = label("The button that opens a bill.")
    amount: Label = label("The label of a bill's amount.")
    lines_table: Label = label("The itemised record's caption.")
    line_columns: LineColumns | None = label("Its headers.")
    summary_table: Label = label("The caption of the charges by name (each fee, discount, "
                                 "refund and usage total).")
    summary_columns: SummaryColumns | None = label("Its headers.")
    dispute: Label = label("The complaint button on a line of the bill.")
    dispute_pattern: Regex = label("Finds the complaint's ticket number (group 1).")


class TicketColumns(Section):
    ref: Label = label("The header of the ticket number.")
    product: Label = label("The header of the product.")
    status: Label = label("The header of the status.")
    reported: Label = label("The header of the time reported.")
    resolved: Label = label("The header of the time resolved.")


class Repair(Section):
    product: Label = label("The product list of a fault report.")
    description: Label = label("The fault description field.")
    submit: Label = label("The report button.")
    ticket_pattern: Regex = label("Finds the ticket number (group 1).")
    table: Label = label("The tickets table's caption.")
    columns: TicketColumns | None = label("Its headers.")
    status: Statuses = Field(default_factory=dict, description="The carrier's ticket status "
                             "word → TM Forum's.")


class TopUp(Section):
    balance: Label = label("The label of the balance.")
    amount: Label = label("The amount list.")
    option: Annotated[Any, Template("amount")] = label("The amount's choice in the list.")
    submit: Label = label("The pay button.")


class Hall(Section):
    start: Annotated[Any, Url()] = Field(description="The sign-in page.")
    timeout: Timeout = label("Seconds a page or element may take (default 10).")
    links: Links | None = label("The hall's links, by the page they open.")
    sign_in: SignIn | None = label("The sign-in page.")
    catalogue: Catalogue | None = label("The catalogue and the order pages.")
    services: Services | None = label("The customer's services: change and unsubscribe.")
    usage: WebUsage | None = label("The usage records.")
    bills: Bills | None = label("The bills, a bill's lines, and complaints.")
    repair: Repair | None = label("Fault reports and their tickets.")
    topup: TopUp | None = label("The top-up page.")
    flows: dict[str, Any] | None = FLOWS


class Mobile(Hall):
    device: Label = label("The Playwright device emulated, e.g. Pixel 7.")


class Agent(Section):
    id: Label = label("The agent's id.")
    password_env: Annotated[Any, EnvVar()] = label(
        "The environment variable holding the agent's password.")
    id_label: Label = label("The id field's label.")
    password_label: Label = label("The password field's label.")
    submit: Label = label("The sign-in button.")


class Identify(Section):
    number: Label = label("The customer's number field.")
    id_number: Label = label("The customer's ID number field.")
    submit: Label = label("The identify button.")


class Counter(Hall):
    agent: Agent | None = label("The agent who signs in.")
    identify: Identify | None = label("How the agent identifies the customer.")
    end: Label = label("The button that ends serving a customer.")


# -- sms -------------------------------------------------------------------------------------
class Commands(Section):
    price: Annotated[Any, Template("code")] = label("Asks an offering's price.")
    order: Annotated[Any, Template("code")] = label("Orders an offering.")
    query: Annotated[Any, Template()] = label("Lists the customer's services.")
    change: Annotated[Any, Template("code")] = label("Changes the plan.")
    cancel_list: Annotated[Any, Template()] = label("Lists what can be unsubscribed.")
    cancel_pick: Annotated[Any, Template("n")] = label("Unsubscribes the n-th of that list.")
    bills: Annotated[Any, Template()] = label("Lists the bills.")
    bill_lines: Annotated[Any, Template("yyyymm")] = label("A bill's itemised record.")
    usage: Annotated[Any, Template()] = label("The usage records.")
    balance: Annotated[Any, Template()] = label("The prepaid balance.")
    top_up: Annotated[Any, Template("card", "password")] = label("Tops up with a recharge "
                                                                 "card.")


class Replies(Section):
    price: Regex = label("An offering's price (groups name, fee, terms).")
    order: Regex = label("The order number (group order).")
    product: Regex = label("A service listed (groups n, name, status, start, end, pending).")
    no_products: Regex = label("No service to list.")
    change: Regex = label("The change's effective day (group date).")
    cancel_item: Regex = label("An item of the unsubscribe list (groups n, name).")
    accepted: Regex = label("A request accepted.")
    bill: Regex = label("A bill (groups period, amount).")
    usage: Regex = label("A usage record (groups time, type, quantity).")
    bill_line: Regex = label("A bill line (groups time, type, quantity, charge).")
    refused: Regex = label("A refusal (group reason).")
    balance: Regex = label("The balance (group balance).")
    topped_up: Regex = label("A top-up taken (group balance).")


class Sms(Section):
    short_code: Label = label("The short code commands are sent to.")
    reply_timeout: Annotated[Any, Number(0.001)] = label("Real seconds to wait for a reply.")
    codes: dict[str, Label] = Field(default_factory=dict, description="Each offering → its "
                                    "code in commands.")
    commands: Commands | None = label("The commands, with their placeholders.")
    replies: Replies | None = label("How each reply reads.")
    status: Statuses = Field(default_factory=dict, description="Status word → TM Forum's.")
    pending_pattern: Regex = label("Reads a pending change.")
    types: dict[str, Annotated[Any, OneOf(*KINDS)]] = Field(
        default_factory=dict, description="Usage type word → voice or data.")
    flows: dict[str, Any] | None = FLOWS


# -- hotline ---------------------------------------------------------------------------------
MenuPath = list[Any]  # steps: an option's name, {option: key}, "{item}", "{item:X}", "{card}"


class Menus(Section):
    offering: MenuPath | None = label("To an offering's price (paths: the first that offers "
                                      "the product).")
    order: MenuPath | None = label("To order an offering.")
    change: MenuPath | None = label("To change the plan.")
    services: MenuPath | None = label("To the customer's services.")
    cancel: MenuPath | None = label("To unsubscribe.")
    bills: MenuPath | None = label("To the bills.")
    usage: MenuPath | None = label("To this month's usage.")
    dispute: MenuPath | None = label("To complain about a bill line.")
    agent: MenuPath | None = label("To an agent.")
    repair: MenuPath | None = label("To report a fault.")
    balance: MenuPath | None = label("To the prepaid balance.")
    top_up: MenuPath | None = label("To top up with a recharge card.")


class QueueOptions(Section):
    wait: Label = label("Keep waiting.")
    self_service: Label = label("Self-service.")
    call_back: Label = label("Be called back.")


class Prompts(Section):
    offering: Regex = label("An offering's price (groups name, fee, terms).")
    order: Regex = label("The order number (group order).")
    product: Regex = label("A service listed (groups n, name, status).")
    change: Regex = label("The change's effective day (group date).")
    accepted: Regex = label("A request accepted.")
    bill: Regex = label("A bill (groups year, month, amount).")
    usage: Regex = label("This month's usage (groups voice, data).")
    dispute: Regex = label("The complaint's ticket (group ticket).")
    ticket: Regex = label("A fault ticket (group ticket).")
    queue_options: QueueOptions | None = label("What the menu must offer while the agents "
                                               "are busy.")
    balance: Regex = label("The balance (group balance).")
    topped_up: Regex = label("A top-up taken (group balance).")
    top_up_refused: Regex = label("A top-up refused (group reason).")


class Hotline(Section):
    call: Annotated[Any, Url()] = label("Starts a call.")
    keys: Annotated[Any, Url("call")] = label("Presses keys in a call.")
    menus: Menus | None = label("Each task's path through the menu.")
    option: Regex = label("An option a prompt announces (groups name, key).")
    choose: Regex = label("How a list says to choose by number (group name).")
    item: Regex = label("An item of a prompt's list (groups n, name).")
    prompts: Prompts | None = label("How each prompt reads.")
    status: Statuses = Field(default_factory=dict, description="Status word → TM Forum's.")
    flows: dict[str, Any] | None = FLOWS


class Channels(Section):
    api: Api | None = label("The TM Forum Open APIs.")
    web: Hall | None = label("The web self-service hall.")
    mobile: Mobile | None = label("The mobile hall (the web hall's keys, plus the device).")
    counter: Counter | None = label("The store counter application (the web hall's keys, "
                                    "plus the agent).")
    hotline: Hotline | None = label("The hotline's voice menu.")
    sms: Sms | None = label("The SMS short code.")
