@product:roaming
Feature: International roaming, from turning it on to turning it off
  A customer with a mobile plan turns international roaming on on one channel, lands abroad,
  calls and uses data there, and turns roaming off. The walk checks the zone rates the
  catalogue states, the welcome SMS on landing, that every session abroad is billed at its
  zone's rate to the fen (never out of the domestic allowance), and that nothing abroad
  connects or is charged once roaming is off. Each channel lands in another country, so every
  zone is walked in a run.

  Scenario Outline: Roaming in <country> turned on at the <channel> channel
    Given a new customer with a mobile plan who uses the <channel> channel

    # order
    When the customer looks up international roaming in the catalogue
    Then the catalogue shows the published roaming fee and zone rates [ORD-PRICE-SHOWN]
    When the customer turns roaming on
    Then the order is accepted with an order number [ORD-ACK]
    And the order took at most the standard time at the counter [ORD-COUNTER-5MIN]
    And an order confirmation SMS arrives in time [ORD-SMS-5MIN]

    # activate
    When the customer waits for activation
    Then the service is active in time [ACT-ACTIVE-24H]

    # use
    When the customer lands in <country>
    Then a welcome SMS with the local rates arrives in time [ROAM-WELCOME]
    When the customer makes a call and uses mobile data there
    Then every call and data session connects [USE-WORKS]
    And every session is recorded with its quantity [USE-RECORDED]

    # bill
    When the month ends
    Then the usage abroad is billed at the zone's rates to the fen [ROAM-RATED]

    # cancel
    When the customer turns roaming off
    Then the unsubscribe is confirmed by SMS in time [CAN-CONFIRM]
    And the unsubscribe took at most the standard time at the counter [CAN-COUNTER-5MIN]
    And the unsubscribe took few key presses on the hotline [CAN-HOTLINE-KEYS]
    And the voice menu announced the way to unsubscribe [HOT-MENU-CANCEL]
    And the voice menu announced every other option the customer needed [HOT-MENU-OPTIONS]
    And the voice menu's way back went back one menu [HOT-MENU-BACK]
    And the unsubscribe takes effect in time [CAN-EFFECT-24H]
    And abroad nothing connects or is charged after roaming is off [CAN-CHARGES-STOP]

    @channel:api
    Examples: API
      | channel | country |
      | api     | JP      |

    @channel:web
    Examples: web hall
      | channel | country |
      | web     | HK      |

    @channel:mobile
    Examples: mobile hall
      | channel | country |
      | mobile  | US      |

    @channel:counter
    Examples: store counter
      | channel | country |
      | counter | KR      |

    @channel:hotline
    Examples: hotline voice menu
      | channel | country |
      | hotline | MO      |

    @channel:sms
    Examples: SMS hall
      | channel | country |
      | sms     | FR      |

  @cross-channel
  Scenario: One customer asks every channel for the roaming rates
    Given a new customer with a mobile plan who asks on every channel the service is sold on
    When the customer looks up international roaming on each channel
    Then each channel states the same price and terms as the others [PRICE-CONSISTENT]
