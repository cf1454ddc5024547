# language: zh-CN
@product:roaming @lang:zh-CN
功能: 国际漫游全程穿越
  已有手机套餐的客户在一个渠道开通国际漫游,抵达境外后打电话、上网,再退订。检查目录展示的各区资费、
  抵达时的欢迎短信、每次境外使用按所在区域资费计费(精确到分,不占国内套餐),以及退订后在境外不能使用也不再收费。
  每个渠道去往不同的国家和地区,一次运行走遍各区。

  场景大纲: 在<channel>渠道开通国际漫游并在<country>使用
    假如 一位已有手机套餐、使用<channel>渠道的新客户

    # 订购
    当 客户在目录中查找国际漫游
    那么 目录展示的漫游功能费和各区资费与公布的一致 [ORD-PRICE-SHOWN]
    当 客户开通国际漫游
    那么 订购被受理并给出订单号 [ORD-ACK]
    而且 营业厅订购受理在标准时长内完成 [ORD-COUNTER-5MIN]
    而且 订购确认短信按时送达 [ORD-SMS-5MIN]

    # 开通
    当 客户等待开通
    那么 业务按时开通 [ACT-ACTIVE-24H]

    # 使用
    当 客户抵达<country>
    那么 按时收到含当地资费的欢迎短信 [ROAM-WELCOME]
    当 客户在当地打电话并使用流量
    那么 每次通话和上网都能接通 [USE-WORKS]
    而且 每次使用都被如实记录 [USE-RECORDED]

    # 计费
    当 月末出账
    那么 境外使用按所在区域资费计费,精确到分 [ROAM-RATED]

    # 退订
    当 客户退订国际漫游
    那么 退订确认短信按时送达 [CAN-CONFIRM]
    而且 营业厅退订受理在标准时长内完成 [CAN-COUNTER-5MIN]
    而且 热线退订按键次数不超标准 [CAN-HOTLINE-KEYS]
    而且 热线语音菜单播报了退订方式 [HOT-MENU-CANCEL]
    而且 热线语音菜单播报了客户所需的其他每个选项 [HOT-MENU-OPTIONS]
    而且 热线语音菜单的返回键返回了上一级菜单 [HOT-MENU-BACK]
    而且 退订按时生效 [CAN-EFFECT-24H]
    而且 退订后在境外不能使用也不再收费 [CAN-CHARGES-STOP]

    @channel:api
    例子: API
      | channel | country |
      | api     | JP      |

    @channel:web
    例子: 网上营业厅
      | channel | country |
      | web     | HK      |

    @channel:mobile
    例子: 掌上营业厅
      | channel | country |
      | mobile  | US      |

    @channel:counter
    例子: 营业厅柜台
      | channel | country |
      | counter | KR      |

    @channel:hotline
    例子: 热线语音菜单
      | channel | country |
      | hotline | MO      |

    @channel:sms
    例子: 短信营业厅
      | channel | country |
      | sms     | FR      |

  @cross-channel
  场景: 同一客户在每个渠道询问国际漫游资费
    假如 一位已有手机套餐、在销售该业务的每个渠道询问的新客户
    当 客户在每个渠道查找国际漫游
    那么 每个渠道告知的资费和条款与其他渠道一致 [PRICE-CONSISTENT]
