@product:broadband
Feature: Fixed broadband, from an installation appointment to disconnection
  A customer orders broadband for their home on one channel, booking one of the installation
  slots the channel offers, and the walk checks DOMAIN.md's delivery and installation and
  fault report [000, 003]: the technician installs the line in the booked slot, the line works
  at home, the first bill is the monthly fee from the installation day, a fault report (报障)
  is repaired in time with a notice, and the disconnection stops the charges. The hotline is
  left out: it takes fault reports (menu 6) but does not sell broadband.

  Scenario Outline: Broadband on the <channel> channel
    Given a new customer who uses the <channel> channel

    # order
    When the customer looks up the broadband offering in the catalogue
    Then the catalogue shows the published price and terms [ORD-PRICE-SHOWN]
    When the customer books an installation slot the channel offers
    And the customer orders it for their address
    Then the order is accepted with an order number [ORD-ACK]
    And the order took at most the standard time at the counter [ORD-COUNTER-5MIN]
    And an order confirmation SMS arrives in time [ORD-SMS-5MIN]

    # activate
    When the customer waits at home for the technician
    Then the line is installed within the booked slot [BB-INSTALL]
    And the activation notice names the number and the line [ACT-NOTICE]

    # use
    When the customer goes online on the line
    Then the line connects [USE-WORKS]
    And every session is recorded with its quantity [USE-RECORDED]

    # bill
    When the month ends
    Then the bill is the monthly fee from the day the line started [BILL-ACCURATE]

    # change
    When the customer reports a fault on the line
    Then the fault is repaired in time and the customer told [BB-REPAIR]

    # cancel
    When the customer has the line disconnected
    Then the unsubscribe is confirmed by SMS in time [CAN-CONFIRM]
    And the unsubscribe took at most the standard time at the counter [CAN-COUNTER-5MIN]
    And the unsubscribe takes effect in time [CAN-EFFECT-24H]
    And no charges are made after the unsubscribe [CAN-CHARGES-STOP]

    @channel:api
    Examples: API
      | channel |
      | api     |

    @channel:web
    Examples: web hall
      | channel |
      | web     |

    @channel:mobile
    Examples: mobile hall
      | channel |
      | mobile  |

    @channel:counter
    Examples: store counter
      | channel |
      | counter |

  @cross-channel
  Scenario: One customer asks every channel the broadband is sold on for its price
    Given a new customer who asks every channel the line is sold on
    When the customer looks up the line's offering on each channel
    Then each channel states the same price and terms as the others [PRICE-CONSISTENT]
